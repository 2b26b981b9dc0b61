import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxRelay, OutboxWriter } from '@vigil/platform-messaging';
import { WorkflowCommandRelay } from '@vigil/platform-temporal';

/**
 * One database transaction for a use case: state rows, outbox rows and
 * workflow commands commit together (rules 5 and 7a); once committed, the
 * relays are woken to deliver at once.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    @Inject(WorkflowCommandRelay) private readonly commandRelay: WorkflowCommandRelay | null,
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
  }
}

export { OutboxWriter };
