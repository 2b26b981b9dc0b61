import { condition, continueAsNew, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import { TICKETING_ACTIVITY_QUEUE, TicketSignals, type TicketTimerActivities, type TicketTimersInput } from '@vigil/workflow-contracts';

export const ticketChangedSignal = defineSignal(TicketSignals.changed);

const ticketing = proxyActivities<TicketTimerActivities>({
  taskQueue: TICKETING_ACTIVITY_QUEUE,
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Bounds the event history of a long-lived ticket; the next run continues with a fresh one. */
const MAX_ROUNDS = 200;

/**
 * A ticket's durable timers (TKT-2 breach, TKT-5 reminders and auto-close).
 * Ticketing plans from the ticket's data; the workflow sleeps until the next
 * timer or until the ticket changes, then asks ticketing to act. Ends when no
 * timer is pending; a later change starts it again (signal-with-start).
 */
export async function ticketTimers(input: TicketTimersInput): Promise<void> {
  let changed = false;
  setHandler(ticketChangedSignal, () => {
    changed = true;
  });
  for (let round = 0; round < MAX_ROUNDS; round++) {
    changed = false;
    const { nextAt, waitMs: plannedWaitMs } = await ticketing.planTicketTimers(input);
    if (nextAt === null) {
      if (!changed) return;
      continue;
    }
    // A plan from before waitMs existed (a replayed run) waits 0: the due run below acts only on what is due, then replans.
    const waitMs = Math.max(0, plannedWaitMs ?? 0);
    if (await condition(() => changed, waitMs)) continue; // the ticket changed: replan
    await ticketing.runDueTicketTimers(input);
  }
  await continueAsNew<typeof ticketTimers>(input);
}
