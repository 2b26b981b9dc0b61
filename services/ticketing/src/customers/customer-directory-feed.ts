import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CustomerView, EnvironmentView } from '@vigil/contracts';
import { TransactionClock } from '@vigil/platform-runtime';
import { ResponseClocks } from '../tickets/response-clocks';
import { TicketRepository } from '../tickets/ticket.repository';
import { TicketTimerCommands } from '../tickets/ticket-timers/ticket-timer-commands';
import { clockInputsOf, CustomerDirectoryRepository } from './customer-directory.repository';

/**
 * Keeps the customer directory in step with the customers service, from its
 * events and from its direct request when a change must be answered with its
 * effect. A record whose coverage, calendar or response targets differ
 * re-derives every open ticket's response clock from its history (TKT-2):
 * the new target per severity, the new due time, the timers replanned.
 */
@Injectable()
export class CustomerDirectoryFeed {
  constructor(
    private readonly directory: CustomerDirectoryRepository,
    private readonly tickets: TicketRepository,
    private readonly clocks: ResponseClocks,
    private readonly timers: TicketTimerCommands,
    private readonly time: TransactionClock,
  ) {}

  /** How many open tickets' due times moved; null for a record older than the one held. A repeat answers the first count. */
  async applyCustomer(manager: EntityManager, customer: CustomerView): Promise<number | null> {
    const held = await this.directory.lockCustomerRecord(manager, customer.id);
    if (held && held.revision > customer.revision) return null;
    if (held && held.revision === customer.revision) return held.ticketsRescheduled ?? 0;
    if (!(await this.directory.applyCustomerRecord(manager, customer))) return null; // a concurrent first insert won
    const rescheduled = held && held.clockInputs !== clockInputsOf(customer) ? await this.rederiveOpenTickets(manager, customer) : 0;
    await this.directory.recordRescheduled(manager, customer.id, rescheduled);
    return rescheduled;
  }

  async applyEnvironment(manager: EntityManager, environment: EnvironmentView): Promise<void> {
    await this.directory.applyEnvironmentRecord(manager, environment);
  }

  private async rederiveOpenTickets(manager: EntityManager, customer: CustomerView): Promise<number> {
    const nowMs = this.time.nowMs(manager);
    let moved = 0;
    for (const ticket of await this.tickets.lockOpenWithResponseClock(manager, customer.id)) {
      const targetMinutes = customer.contract.sla.responseMinutes[ticket.severity];
      if (targetMinutes !== ticket.slaTargetMinutes) await this.tickets.setSlaTarget(manager, ticket.id, targetMinutes);
      const clock = await this.clocks.refresh(manager, { ...ticket, slaTargetMinutes: targetMinutes }, nowMs);
      const dueAt = clock?.dueAtMs ?? null;
      if (dueAt === (ticket.slaDueAt?.getTime() ?? null)) continue;
      moved += 1;
      await this.tickets.recordHistory(
        manager, ticket.id, 'system:contract', `response due time re-derived (customer record r${customer.revision})`, 'sla_due_at',
        ticket.slaDueAt?.toISOString() ?? null, dueAt === null ? null : new Date(dueAt).toISOString(),
      );
      await this.timers.changed(manager, ticket.id);
    }
    return moved;
  }
}
