import { condition, defineQuery, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  NOTIFICATIONS_ACTIVITY_QUEUE,
  OutageQueries,
  OutageSignals,
  TICKETING_ACTIVITY_QUEUE,
  type OutageNotificationActivities,
  type OutageRecoveryInput,
  type OutageRecoveryState,
  type OutageRestoredSignal,
  type OutageTicketingActivities,
} from '@vigil/workflow-contracts';

export const acknowledgedSignal = defineSignal(OutageSignals.acknowledged);
export const restoredSignal = defineSignal<[OutageRestoredSignal]>(OutageSignals.restored);
export const closedSignal = defineSignal(OutageSignals.closed);
export const stateQuery = defineQuery<OutageRecoveryState>(OutageQueries.state);

const activityOptions = { startToCloseTimeout: '1 minute', retry: { initialInterval: '1 second', maximumInterval: '1 minute' } } as const;
const notifications = proxyActivities<OutageNotificationActivities>({ ...activityOptions, taskQueue: NOTIFICATIONS_ACTIVITY_QUEUE });
const ticketing = proxyActivities<OutageTicketingActivities>({ ...activityOptions, taskQueue: TICKETING_ACTIVITY_QUEUE });

/**
 * MON-3: on-call is notified at once; the team lead when nobody has taken the
 * outage by `teamLeadAfterMs`; at `recoveryTargetMs` without restoration the
 * head of managed services is notified and the breach recorded on the ticket.
 * Both deadlines count from the alert's own start, so a late start of this
 * workflow never extends them. Ends on restoration or when staff close it.
 */
export async function outageRecovery(input: OutageRecoveryInput): Promise<OutageRecoveryState> {
  const state: OutageRecoveryState = { phase: 'OPEN', teamLeadEscalated: false, targetBreached: false, restoredAt: null };
  const ended = () => state.phase === 'RESTORED' || state.phase === 'CLOSED';

  setHandler(stateQuery, () => state);
  setHandler(acknowledgedSignal, () => {
    if (state.phase === 'OPEN') state.phase = 'ACKNOWLEDGED';
  });
  setHandler(restoredSignal, ({ restoredAt }) => {
    if (ended()) return;
    state.phase = 'RESTORED';
    state.restoredAt = restoredAt;
  });
  setHandler(closedSignal, () => {
    if (!ended()) state.phase = 'CLOSED';
  });

  const startedAt = Date.parse(input.startedAt);
  const untilDeadline = (offsetMs: number) => Math.max(0, startedAt + offsetMs - Date.now());

  // Restored before this workflow got going (e.g. Temporal was down meanwhile): nothing for on-call to act on.
  if (!ended()) await notifications.notifyOnCall(input);

  if (!(await condition(() => ended() || state.phase === 'ACKNOWLEDGED', untilDeadline(input.teamLeadAfterMs)))) {
    state.teamLeadEscalated = true;
    await notifications.notifyTeamLead(input);
  }

  if (!(await condition(ended, untilDeadline(input.recoveryTargetMs)))) {
    state.targetBreached = true;
    await ticketing.recordRecoveryTargetBreach({ outageId: input.outageId, breachedAt: new Date(startedAt + input.recoveryTargetMs).toISOString() });
    await notifications.notifyRecoveryTargetBreached(input);
    await condition(ended);
  }
  return state;
}
