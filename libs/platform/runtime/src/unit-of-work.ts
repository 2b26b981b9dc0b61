import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxRelay, OutboxWriter } from '@vigil/platform-messaging';
import { WorkflowCommandRelay } from '@vigil/platform-temporal';
import { AuditSealer } from './audit-sealer';

/**
 * One database transaction for a use case: state rows, outbox rows and
 * workflow commands commit together (rules 5 and 7a); once committed, the
 * relays (and the audit sealer, where entries are chained after commit) are woken at once.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    @Inject(WorkflowCommandRelay) private readonly commandRelay: WorkflowCommandRelay | null,
    @Inject(AuditSealer) private readonly auditSealer: AuditSealer | null,
  ) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.afterCommit();
    return result;
  }

  /** Wakes the relays after a commit made elsewhere (e.g. by a durable consumer). */
  afterCommit(): void {
    this.relay.kick();
    this.commandRelay?.kick();
    this.auditSealer?.kick();
  }
}

export { OutboxWriter };
