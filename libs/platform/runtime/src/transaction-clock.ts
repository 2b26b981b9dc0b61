import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@vigil/platform-clock';

/**
 * One instant per transaction, read once from the Clock: every row a
 * transaction writes and every rule it evaluates (an SLA clock, a due
 * reminder) agree on "now", as they did with the database's `now()`.
 */
@Injectable()
export class TransactionClock {
  private readonly instants = new WeakMap<EntityManager, Date>();

  constructor(private readonly clock: Clock) {}

  now(manager: EntityManager): Date {
    // Outside a transaction (the data source's shared manager) every call is its own moment.
    if (!manager.queryRunner?.isTransactionActive) return this.clock.now();
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
