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

/** ACC-5: the monthly access review, on the first day of each month. */
export const ACCESS_REVIEW_WORKFLOW = 'monthlyAccessReview';
export const ACCESS_REVIEW_SCHEDULE = 'identity-monthly-access-review';
export const IDENTITY_ACTIVITY_QUEUE = 'identity-activities';

export interface AccessReviewSummary {
  /** The month under review, YYYY-MM (the one that just ended). */
  period: string;
  accounts: number;
  flagged: number;
  /** Plain-text report for the email. */
  text: string;
}

export interface AccessReviewIdentityActivities {
  /** Builds and stores the report for the period (idempotent per period). */
  buildAccessReview(input: { period: string }): Promise<AccessReviewSummary>;
}

export interface AccessReviewNotificationActivities {
  sendAccessReview(summary: AccessReviewSummary): Promise<void>;
}
