/**
 * The contract of a ticket's durable timers: the response-SLA breach (TKT-2)
 * and the waiting-for-customer automations (TKT-5). Pure types and constants.
 */
export const TICKET_TIMERS_WORKFLOW = 'ticketTimers';

export const ticketWorkflowId = (ticketId: string): string => `ticket-${ticketId}`;

export interface TicketTimersInput {
  ticketId: string;
}

/** Any change to the ticket: the workflow replans its timers (cancelling or restarting them). */
export const TicketSignals = { changed: 'ticketChanged' } as const;

export interface TicketTimerPlan {
  /** When the next timer is due; null when none is pending and the workflow may end. */
  nextAt: string | null;
  /**
   * How long until then, measured on ticketing's clock: the workflow sleeps
   * this long, so a shifted service clock and Temporal's own agree.
   */
  waitMs?: number;
}

/** Activities on ticketing's queue: the ticket's data decides, so each is idempotent. */
export interface TicketTimerActivities {
  planTicketTimers(input: TicketTimersInput): Promise<TicketTimerPlan>;
  runDueTicketTimers(input: TicketTimersInput): Promise<void>;
}
