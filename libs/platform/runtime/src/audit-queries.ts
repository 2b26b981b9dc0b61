import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { AUDIT_STREAM, auditAppended, auditQueries, ListAuditRequest, VerifyAuditRequest, type AuditAppendedData, type EventEnvelope } from '@vigil/contracts';
import { AuditLog, verifyAuditChain, type ChainProblem } from '@vigil/platform-audit';
import { serveRequests } from '@vigil/platform-messaging';
import { NATS_CONNECTION, SERVICE_DEFINITION } from './tokens';
import type { ServiceDefinition } from './service-definition';

export interface AuditVerification {
  service: string;
  entries: number;
  /** The head as last published outside the database, if any. */
  witness: { position: number; hash: string } | null;
  intact: boolean;
  problems: ChainProblem[];
}

/** Serves an audited service's log for reading and its chain verification over NATS (ACC-1). */
@Injectable()
export class AuditQueries implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('AuditQueries');
  private subscriptions: Subscription[] = [];

  constructor(
    @Inject(SERVICE_DEFINITION) private readonly service: ServiceDefinition,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    const subjects = auditQueries(this.service.name);
    this.subscriptions = [
      serveRequests(this.nc, subjects.list, this.service.name, ListAuditRequest, async (filter) => ({ entries: await this.audit.list(this.dataSource.manager, filter) })),
      serveRequests(this.nc, subjects.verify, this.service.name, VerifyAuditRequest, () => this.verify()),
    ];
  }

  onModuleDestroy(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }

  async verify(): Promise<AuditVerification> {
    const chain = await this.audit.readChain(this.dataSource.manager);
    const witness = await this.lastWitness();
    const problems = verifyAuditChain(chain, witness);
    if (problems.length > 0) this.log.error(`audit chain of ${this.service.name} is NOT intact: ${JSON.stringify(problems.slice(0, 10))}`);
    return { service: this.service.name, entries: chain.length, witness, intact: problems.length === 0, problems };
  }

  private async lastWitness(): Promise<{ position: number; hash: string } | null> {
    const jsm = await jetstreamManager(this.nc);
    const message = await jsm.streams.getMessage(AUDIT_STREAM.name, { last_by_subj: auditAppended(this.service.name).subject }).catch(() => null);
    if (!message) return null;
    const { data } = message.json<EventEnvelope<AuditAppendedData>>();
    return { position: data.position, hash: data.hash };
  }
}
