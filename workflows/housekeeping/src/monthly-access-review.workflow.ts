import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import {
  IDENTITY_ACTIVITY_QUEUE,
  NOTIFICATIONS_ACTIVITY_QUEUE,
  type AccessReviewIdentityActivities,
  type AccessReviewNotificationActivities,
} from '@vigil/workflow-contracts';

const retry = { initialInterval: '30 seconds', maximumInterval: '30 minutes' } as const;
const identity = proxyActivities<AccessReviewIdentityActivities>({ taskQueue: IDENTITY_ACTIVITY_QUEUE, startToCloseTimeout: '5 minutes', retry });
const notifications = proxyActivities<AccessReviewNotificationActivities>({ taskQueue: NOTIFICATIONS_ACTIVITY_QUEUE, startToCloseTimeout: '1 minute', retry });

/** The month before the given instant, as YYYY-MM. */
export function previousMonth(at: Date): string {
  const year = at.getUTCMonth() === 0 ? at.getUTCFullYear() - 1 : at.getUTCFullYear();
  const month = at.getUTCMonth() === 0 ? 12 : at.getUTCMonth();
  return `${year}-${String(month).padStart(2, '0')}`;
}

/**
 * ACC-5: on the first of each month, a report of who can do what (built by
 * identity) goes to the managed-services team lead. The period is the month
 * that just ended, taken from when the schedule fired, so a late or repeated
 * run reviews the same month.
 */
export async function monthlyAccessReview(input: { period?: string } = {}): Promise<{ period: string; flagged: number }> {
  const firedAt = workflowInfo().startTime;
  const period = input.period ?? previousMonth(firedAt);
  const summary = await identity.buildAccessReview({ period });
  await notifications.sendAccessReview(summary);
  return { period, flagged: summary.flagged };
}
