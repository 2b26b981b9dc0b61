import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@vigil/platform-clock';
import { isWritingAsOneStatement } from '@vigil/platform-persistence';

/**
 * One instant per transaction (or unit written as one statement, UnitOfWork),
 * read once from the Clock: every row a transaction writes and every rule it evaluates (an SLA clock, a due
 * reminder) agree on "now", as they did with the database's `now()`.
 */
@Injectable()
export class TransactionClock {
  private readonly instants = new WeakMap<EntityManager, Date>();

  constructor(private readonly clock: Clock) {}

  now(manager: EntityManager): Date {
    // Outside a transaction (the data source's shared manager) every call is its own moment; a unit written as one statement is one, like a transaction.
    if (!manager.queryRunner?.isTransactionActive && !isWritingAsOneStatement(manager)) return this.clock.now();
    let instant = this.instants.get(manager);
    if (!instant) {
      instant = this.clock.now();
      this.instants.set(manager, instant);
    }
    return instant;
  }

  nowMs(manager: EntityManager): number {
    return this.now(manager).getTime();
  }
}
