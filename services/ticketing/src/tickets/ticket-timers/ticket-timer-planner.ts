import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TicketTimerPlan } from '@vigil/workflow-contracts';
import { TransactionClock } from '@vigil/platform-runtime';
import { TICKETING_CONFIG, type TicketingConfig } from '../../config';
import { ResponseClocks } from '../response-clocks';
import { TicketRepository, type TicketForUpdate } from '../ticket.repository';

export const AUTOMATION_ACTOR = 'system:automation';

export type WaitingStep = { kind: 'reminder'; number: 1 | 2; dueMs: number } | { kind: 'auto-close'; dueMs: number };

/**
 * When a ticket's next durable timer is due, decided from its data: the
 * response-SLA breach (TKT-2) and, while waiting for the customer, reminders
 * at 3 and 6 days and the close at 12 (TKT-5). The one rule, for the timers
 * workflow's planTicketTimers activity and for a new ticket's first plan,
 * computed in the creating transaction.
 */
@Injectable()
export class TicketTimerPlanner {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly clocks: ResponseClocks,
    @Inject(TICKETING_CONFIG) private readonly config: TicketingConfig,
    private readonly time: TransactionClock,
  ) {}

  /** The plan as of this transaction; locks the ticket. A ticket that does not exist has nothing pending. */
  async plan(manager: EntityManager, ticketId: string): Promise<TicketTimerPlan> {
    const ticket = await this.tickets.lockForUpdate(manager, ticketId, undefined);
    if (!ticket) return { nextAt: null };
    const due: number[] = [];
    const clock = await this.clocks.evaluate(manager, ticket, this.time.nowMs(manager));
    if (clock?.state === 'RUNNING' && ticket.slaBreachedAt === null && clock.dueAtMs !== null) due.push(clock.dueAtMs);
    const step = await this.nextWaitingStep(manager, ticket);
    if (step) due.push(step.dueMs);
    if (due.length === 0) return { nextAt: null };
    const nextMs = Math.min(...due);
    return { nextAt: new Date(nextMs).toISOString(), waitMs: Math.max(0, nextMs - this.time.nowMs(manager)) };
  }

  /** TKT-5: the next reminder or the close, counted from the last change by anyone but the automation. */
  async nextWaitingStep(manager: EntityManager, ticket: TicketForUpdate): Promise<WaitingStep | null> {
    if (ticket.status !== 'WAITING_FOR_CUSTOMER') return null;
    const { lastChangeAt, remindersSent } = await this.tickets.waitingState(manager, ticket.id, AUTOMATION_ACTOR);
    const since = lastChangeAt.getTime();
    if (remindersSent === 0) return { kind: 'reminder', number: 1, dueMs: since + this.config.TICKET_FIRST_REMINDER_AFTER_MS };
    if (remindersSent === 1) return { kind: 'reminder', number: 2, dueMs: since + this.config.TICKET_SECOND_REMINDER_AFTER_MS };
    return { kind: 'auto-close', dueMs: since + this.config.TICKET_AUTO_CLOSE_AFTER_MS };
  }
}
