import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { AUDIT_STREAM, auditAppended, auditQueries, type AuditVerification, type EventEnvelope, type ListAuditRequest } from '@vigil/contracts';
import { AuditLog, verifyAuditChain } from '@vigil/platform-audit';
import { NATS_CONNECTION, SERVICE_DEFINITION } from './tokens';
import type { ServiceDefinition } from './service-definition';
import { HandlesQuery } from './wiring/declarations';
import { AuditSealer } from './audit-sealer';

/** Serves an audited service's log for reading and its chain verification over NATS (ACC-1). */
@Injectable()
export class AuditQueries {
  private readonly log = new Logger('AuditQueries');

  constructor(
    @Inject(SERVICE_DEFINITION) private readonly service: ServiceDefinition,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly audit: AuditLog,
    @Inject(AuditSealer) private readonly sealer: AuditSealer | null,
  ) {}

  @HandlesQuery((service) => auditQueries(service.name).list)
  async list({ caller: _caller, ...filter }: ListAuditRequest): Promise<{ entries: unknown[] }> {
    await this.sealer?.sealCommitted(); // every committed entry is in the chain before it is read
    return { entries: await this.audit.list(this.dataSource.manager, filter) };
  }

  @HandlesQuery((service) => auditQueries(service.name).verify)
  async verify(): Promise<AuditVerification> {
    await this.sealer?.sealCommitted();
    const chain = await this.audit.readChain(this.dataSource.manager);
    const witness = await this.lastWitness();
    const problems = verifyAuditChain(chain, witness);
    if (problems.length > 0) this.log.error(`audit chain of ${this.service.name} is NOT intact: ${JSON.stringify(problems.slice(0, 10))}`);
    return { service: this.service.name, entries: chain.length, witness, intact: problems.length === 0, problems: problems as unknown as AuditVerification['problems'] };
  }

  private async lastWitness(): Promise<{ position: number; hash: string } | null> {
    const jsm = await jetstreamManager(this.nc);
    const message = await jsm.streams.getMessage(AUDIT_STREAM.name, { last_by_subj: auditAppended(this.service.name).subject }).catch(() => null);
    if (!message) return null;
    const { data } = message.json<EventEnvelope<{ position: number; hash: string }>>();
    return { position: data.position, hash: data.hash };
  }
}
