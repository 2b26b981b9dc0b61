import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TicketTimerPlan } from '@vigil/workflow-contracts';
import { TransactionClock } from '@vigil/platform-runtime';
import { TICKETING_CONFIG, type TicketingConfig } from '../../config';
import { ResponseClocks } from '../response-clocks';
import { TicketRepository, type SlaProjection, type TicketForUpdate } from '../ticket.repository';

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
    const nowMs = this.time.nowMs(manager);
    const clock = await this.clocks.evaluate(manager, ticket, nowMs);
    return planOf(clock && ticket.slaBreachedAt === null ? clock : null, await this.nextWaitingStep(manager, ticket), nowMs);
  }

  /**
   * The plan of a ticket this transaction has just created, from what it
   * already holds: the ticket is SUBMITTED (no waiting step) and unbreached,
   * and its response clock is the one projected at creation. Saves reading
   * back the ticket, its customer and its history.
   */
  firstPlan(projection: SlaProjection, nowMs: number): TicketTimerPlan {
    return planOf({ state: projection.state, dueAtMs: projection.dueAt?.getTime() ?? null }, null, nowMs);
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

/** The next timer: an unbreached running response clock's due time (TKT-2) or the waiting step (TKT-5), whichever is first. */
function planOf(unbreachedClock: { state: string; dueAtMs: number | null } | null, step: WaitingStep | null, nowMs: number): TicketTimerPlan {
  const due: number[] = [];
  if (unbreachedClock?.state === 'RUNNING' && unbreachedClock.dueAtMs !== null) due.push(unbreachedClock.dueAtMs);
  if (step) due.push(step.dueMs);
  if (due.length === 0) return { nextAt: null };
  const nextMs = Math.min(...due);
  return { nextAt: new Date(nextMs).toISOString(), waitMs: Math.max(0, nextMs - nowMs) };
}
