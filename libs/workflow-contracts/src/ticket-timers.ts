/**
 * The contract of a ticket's durable timers: the response-SLA breach (TKT-2)
 * and the waiting-for-customer automations (TKT-5). Pure types and constants.
 */
export const TICKET_TIMERS_WORKFLOW = 'ticketTimers';

export const ticketWorkflowId = (ticketId: string): string => `ticket-${ticketId}`;

export interface TicketTimersInput {
  ticketId: string;
  /**
   * The plan as of the commit that started this run (a new ticket's), so the
   * run's first round need not ask ticketing for it. Its waitMs counts from
   * that commit: the run waits the memo's queuedForMs less (see
   * WorkflowCommandMemo), or, held back (below), the relay took that off the
   * start delay. Never carried on: later rounds and runs plan through
   * planTicketTimers.
   */
  firstPlan?: TicketTimerPlan;
  /**
   * The run was held back by its first plan's wait, as Temporal's start
   * delay (issue 19: no workflow task and no timer at creation): its first
   * round finds the wait over, unless a change (signal-with-start) ended the
   * delay early.
   */
  firstWaitAsStartDelay?: true;
}

/** The ticket an activity plans or acts for. */
export interface TicketTimersRef {
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
  planTicketTimers(input: TicketTimersRef): Promise<TicketTimerPlan>;
  runDueTicketTimers(input: TicketTimersRef): Promise<void>;
}
