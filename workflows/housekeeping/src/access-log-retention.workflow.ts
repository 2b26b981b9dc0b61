import { proxyActivities } from '@temporalio/workflow';
import { GATEWAY_ACTIVITY_QUEUE, type AccessLogActivities, type AccessLogRetentionInput } from '@vigil/workflow-contracts';

const gateway = proxyActivities<AccessLogActivities>({
  taskQueue: GATEWAY_ACTIVITY_QUEUE,
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes' },
});

/** ACC-2: deletes access-log entries older than the retention period (28 days). Run daily by a schedule. */
export async function accessLogRetention(input: AccessLogRetentionInput): Promise<{ deleted: number }> {
  return gateway.purgeAccessLog(input);
}
