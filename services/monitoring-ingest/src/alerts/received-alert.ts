export type AlertSource = 'alertmanager' | 'pagerduty' | 'generic';
export type AlertStatus = 'firing' | 'acknowledged' | 'resolved';

/**
 * One alert as Vigil keeps it, whatever format it came in. `fingerprint`
 * identifies the alert at its sender (Alertmanager fingerprint, PagerDuty
 * dedup_key, generic key); together with status and times it is the
 * idempotency key, so HA duplicates and repeats change nothing.
 */
export interface ReceivedAlert {
  source: AlertSource;
  fingerprint: string;
  status: AlertStatus;
  startsAt: Date;
  /** The real end of a resolved alert (the recovery time), otherwise null. */
  endsAt: Date | null;
  alertName: string;
  summary: string;
  severity: string | null;
  /** Flat string labels: what routing rules read. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  groupKey: string | null;
  /** Alerts the sender left out of this notification (Alertmanager `truncatedAlerts`). */
  truncatedAlerts: number;
}
