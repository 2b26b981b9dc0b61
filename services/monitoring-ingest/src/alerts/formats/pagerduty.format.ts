import type { PagerDutyTrigger } from '@vigil/contracts';
import type { ReceivedAlert } from '../received-alert';

/** `2015-07-17T08:42:58.315+0000` → a Date (the `+0000` form is what PagerDuty senders send). */
export function parsePagerDutyTimestamp(timestamp: string): Date {
  return new Date(timestamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** Top-level custom details become labels (scalars as text, anything else as JSON) so routing rules can read them. */
function detailLabels(details: unknown): Record<string, string> {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return details === undefined ? {} : { details: JSON.stringify(details) };
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(details)) labels[key] = typeof value === 'string' ? value : JSON.stringify(value);
  return labels;
}

/**
 * A trigger as a firing alert that started at `startsAt` (the open alert's
 * start: PagerDuty keeps one alert per open dedup_key).
 */
export function fromPagerDutyTrigger(event: PagerDutyTrigger, dedupKey: string, startsAt: Date): ReceivedAlert {
  const { payload } = event;
  const labels: Record<string, string> = { ...detailLabels(payload.custom_details), source: payload.source, severity: payload.severity };
  for (const field of ['component', 'group', 'class'] as const) if (payload[field] !== undefined) labels[field] = payload[field];
  return {
    source: 'pagerduty',
    fingerprint: dedupKey,
    status: 'firing',
    startsAt,
    endsAt: null,
    alertName: payload.class ?? payload.component ?? payload.source,
    summary: payload.summary,
    severity: payload.severity,
    labels,
    annotations: event.client ? { client: event.client, ...(event.client_url ? { client_url: event.client_url } : {}) } : {},
    groupKey: payload.group ?? null,
    truncatedAlerts: 0,
  };
}
