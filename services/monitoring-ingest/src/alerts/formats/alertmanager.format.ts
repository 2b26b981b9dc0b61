import type { AlertmanagerWebhook } from '@vigil/contracts';
import type { ReceivedAlert } from '../received-alert';

/** Alertmanager's zero time marks "no end yet". */
const ZERO_TIME = /^0001-01-01T/;

/**
 * Each alert is judged by its own status, never the group's. A firing
 * alert's `endsAt` is only a projection that moves on every repeat, so it is
 * dropped; a resolved alert's `endsAt` is the recovery time.
 */
export function fromAlertmanager(webhook: AlertmanagerWebhook): ReceivedAlert[] {
  return webhook.alerts.map((alert) => {
    const alertName = alert.labels['alertname'] ?? 'unnamed alert';
    return {
      source: 'alertmanager',
      fingerprint: alert.fingerprint,
      status: alert.status,
      startsAt: new Date(alert.startsAt),
      endsAt: alert.status === 'resolved' && !ZERO_TIME.test(alert.endsAt) ? new Date(alert.endsAt) : null,
      alertName,
      summary: alert.annotations['summary'] ?? alert.annotations['description'] ?? alertName,
      severity: alert.labels['severity'] ?? null,
      labels: alert.labels,
      annotations: alert.annotations,
      groupKey: webhook.groupKey,
      truncatedAlerts: webhook.truncatedAlerts ?? 0,
    };
  });
}
