import { condition, continueAsNew, defineSignal, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  TICKETING_ACTIVITY_QUEUE,
  TicketSignals,
  queuedForMsOf,
  type TicketTimerActivities,
  type TicketTimerPlan,
  type TicketTimersInput,
  type TicketTimersRef,
} from '@vigil/workflow-contracts';

export const ticketChangedSignal = defineSignal(TicketSignals.changed);

const ticketing = proxyActivities<TicketTimerActivities>({
  taskQueue: TICKETING_ACTIVITY_QUEUE,
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Bounds the event history of a long-lived ticket; the next run continues with a fresh one. */
const MAX_ROUNDS = 200;

/**
 * How long a first plan is trusted by a run that starts at once with it (not
 * held back). Its wait counts from the creating commit, less the time the
 * start waited in the outbox (queuedForMs); the time the run then waited for a
 * worker cannot be seen from inside the run. So a longer first wait is cut to
 * this, after which the run plans through ticketing, which counts from its own
 * clock: a worker down or behind when the ticket was created delays only
 * deadlines within the horizon, and those by no more than the outage. A
 * held-back run needs none: Temporal counts its delay from the start.
 */
const FIRST_PLAN_HORIZON_MS = 10 * 60_000;

/**
 * A ticket's durable timers (TKT-2 breach, TKT-5 reminders and auto-close).
 * Ticketing plans from the ticket's data; the workflow sleeps until the next
 * timer or until the ticket changes, then asks ticketing to act. Ends when no
 * timer is pending; a later change starts it again (signal-with-start).
 *
 * A run started with its first plan (a new ticket's) skips the first call to
 * planTicketTimers; with `firstWaitAsStartDelay` it was held back by that
 * wait, so it acts at once. Which way a run goes depends on its input alone,
 * so histories of runs started otherwise replay unchanged.
 */
export async function ticketTimers(input: TicketTimersInput): Promise<void> {
  const ticket: TicketTimersRef = { ticketId: input.ticketId };
  let changed = false;
  setHandler(ticketChangedSignal, () => {
    changed = true;
  });
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let plan: TicketTimerPlan;
    if (round === 0 && input.firstPlan && input.firstWaitAsStartDelay) {
      // The start delay was the first plan's wait: due now, unless a change started the run early.
      if (changed) continue; // replan
      if (input.firstPlan.nextAt !== null) await ticketing.runDueTicketTimers(ticket);
      continue; // then plan through ticketing
    }
    if (round === 0 && input.firstPlan) {
      // Planned at the start command's commit, which every signal this run has seen follows: `changed` stays set,
      // so a change that came with or right after the start replans below. The command waited queuedForMs in the
      // outbox before the run started: that much of the wait is over.
      plan = { nextAt: input.firstPlan.nextAt, waitMs: (input.firstPlan.waitMs ?? 0) - queuedForMsOf(workflowInfo().memo) };
    } else {
      changed = false;
      plan = await ticketing.planTicketTimers(ticket);
    }
    if (plan.nextAt === null) {
      if (!changed) return;
      continue;
    }
    // A plan from before waitMs existed (a replayed run) waits 0: the due run below acts only on what is due, then replans.
    const waitMs = Math.max(0, plan.waitMs ?? 0);
    const beyondHorizon = round === 0 && input.firstPlan !== undefined && waitMs > FIRST_PLAN_HORIZON_MS;
    if (await condition(() => changed, beyondHorizon ? FIRST_PLAN_HORIZON_MS : waitMs)) continue; // the ticket changed: replan
    if (beyondHorizon) continue; // replan through ticketing, from its clock
    await ticketing.runDueTicketTimers(ticket);
  }
  // Only the ticket: the first plan belongs to the first round of the first run.
  await continueAsNew<typeof ticketTimers>(ticket);
}
