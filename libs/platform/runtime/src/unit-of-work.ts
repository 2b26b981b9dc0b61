import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxRelay, OutboxWriter } from '@vigil/platform-messaging';

/**
 * One database transaction for a use case: state rows and outbox rows commit
 * together (rule 5); once committed, the relay is woken to publish at once.
 */
@Injectable()
export class UnitOfWork {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource, private readonly relay: OutboxRelay) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.relay.kick();
    return result;
  }
}

export { OutboxWriter };
