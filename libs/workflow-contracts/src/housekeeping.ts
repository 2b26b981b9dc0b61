/**
 * Housekeeping workflows run on a Temporal schedule: retention of the
 * gateway's access log (ACC-2: kept four weeks, then purged).
 */
export const ACCESS_LOG_RETENTION_WORKFLOW = 'accessLogRetention';
export const ACCESS_LOG_RETENTION_SCHEDULE = 'gateway-access-log-retention';
export const GATEWAY_ACTIVITY_QUEUE = 'gateway-activities';

export interface AccessLogRetentionInput {
  retentionDays: number;
}

/** Activities on the gateway's own queue (it owns the access log). */
export interface AccessLogActivities {
  purgeAccessLog(input: AccessLogRetentionInput): Promise<{ deleted: number }>;
}
