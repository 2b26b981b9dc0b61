import type { GenericAlerts } from '@vigil/contracts';
import type { ReceivedAlert } from '../received-alert';

/** Rules the schema cannot say: a resolved alert needs its end, and an end is not before its start. */
export function genericViolations(body: GenericAlerts): string[] {
  const problems: string[] = [];
  body.alerts.forEach((alert, index) => {
    if (alert.status === 'resolved' && alert.endsAt === undefined) problems.push(`/alerts/${index}/endsAt is required when status is resolved`);
    if (alert.endsAt !== undefined && Date.parse(alert.endsAt) < Date.parse(alert.startsAt)) problems.push(`/alerts/${index}/endsAt is before startsAt`);
  });
  return problems;
}

export function fromGeneric(body: GenericAlerts): ReceivedAlert[] {
  return body.alerts.map((alert) => ({
    source: 'generic',
    fingerprint: alert.key,
    status: alert.status,
    startsAt: new Date(alert.startsAt),
    endsAt: alert.status === 'resolved' && alert.endsAt ? new Date(alert.endsAt) : null,
    alertName: alert.title,
    summary: alert.summary ?? alert.title,
    severity: alert.severity ?? null,
    labels: alert.labels ?? {},
    annotations: {},
    groupKey: null,
    truncatedAlerts: 0,
  }));
}
