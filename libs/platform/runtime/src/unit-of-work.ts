import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { writeAsOneStatement } from '@vigil/platform-persistence';
import { OutboxRelay, OutboxWriter } from '@vigil/platform-messaging';
import { WorkflowCommandOutbox, WorkflowCommandRelay } from '@vigil/platform-temporal';
import { AuditLog } from '@vigil/platform-audit';
import { AuditSealer } from './audit-sealer';

/**
 * One atomic write for a use case, a transaction (`run`) or a single
 * statement (`runAsOneStatement`): state rows, outbox rows and workflow
 * commands commit together (rules 5 and 7a); once committed, the
 * relay of whatever the transaction queued is woken to deliver it at once
 * (and the audit sealer, if it recorded entries to be chained after commit). A
 * transaction that queued nothing wakes no relay: on the alert intake most
 * batches are repeats, and each needless wake costs the relay a claim round
 * trip (the relays also poll, so a missed wake only delays).
 */
@Injectable()
export class UnitOfWork {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    @Inject(WorkflowCommandRelay) private readonly commandRelay: WorkflowCommandRelay | null,
    private readonly outbox: OutboxWriter,
    private readonly commands: WorkflowCommandOutbox,
    private readonly audit: AuditLog,
    @Inject(AuditSealer) private readonly auditSealer: AuditSealer | null,
  ) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    let transaction: EntityManager | undefined;
    const result = await this.dataSource.transaction((manager) => {
      transaction = manager;
      return work(manager);
    });
    this.wakeAfter(transaction!);
    return result;
  }

  /**
   * For a use case that reads and then only appends rows (insertAtCommit):
   * its reads go one by one, and everything it queued is written as one
   * statement, atomic as any statement is, with no BEGIN or COMMIT around it
   * (writeAsOneStatement says what that gives up). Then the relays are woken
   * as after `run`.
   */
  async runAsOneStatement<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    let unit: EntityManager | undefined;
    const result = await writeAsOneStatement(this.dataSource, (manager) => {
      unit = manager;
      return work(manager);
    });
    this.wakeAfter(unit!);
    return result;
  }

  /** After `transaction` committed (here or in a durable consumer): wakes the relay of each kind of row it queued, and only those. */
  wakeAfter(transaction: EntityManager): void {
    if (this.outbox.appendedWithin(transaction)) this.relay.kick();
    if (this.commands.appendedWithin(transaction)) this.commandRelay?.kick();
    if (this.audit.awaitsSealing(transaction)) this.auditSealer?.kick();
  }
}

export { OutboxWriter };
