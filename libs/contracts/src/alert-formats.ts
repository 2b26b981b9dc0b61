import { Type, type Static } from '@sinclair/typebox';

/*
 * The wire formats monitoring tools post alerts in (MON-1). They are part of
 * Vigil's published interface (the OpenAPI document describes them), so they
 * live with the other contracts.
 */

const StringMap = Type.Record(Type.String(), Type.String());

/**
 * Prometheus Alertmanager webhook payload, version 4. Alertmanager may add
 * fields in later releases, so extra properties are tolerated here while
 * every field Vigil relies on is required and typed.
 */
export const AlertmanagerAlert = Type.Object({
  status: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
  labels: StringMap,
  annotations: StringMap,
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  generatorURL: Type.Optional(Type.String()),
  fingerprint: Type.String({ minLength: 1, maxLength: 128 }),
});

export const AlertmanagerWebhook = Type.Object({
  version: Type.Literal('4'),
  groupKey: Type.String(),
  truncatedAlerts: Type.Optional(Type.Integer({ minimum: 0 })),
  status: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
  receiver: Type.String(),
  groupLabels: StringMap,
  commonLabels: StringMap,
  commonAnnotations: StringMap,
  externalURL: Type.String(),
  alerts: Type.Array(AlertmanagerAlert, { minItems: 1, maxItems: 10_000 }),
});
export type AlertmanagerWebhook = Static<typeof AlertmanagerWebhook>;
export type AlertmanagerAlert = Static<typeof AlertmanagerAlert>;

/** ISO 8601 with an offset written `Z`, `+00:00` or PagerDuty's `+0000`. */
const PAGERDUTY_TIMESTAMP = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:?\\d{2})$';

const Payload = Type.Object({
  summary: Type.String({ minLength: 1, maxLength: 1024 }),
  source: Type.String({ minLength: 1, maxLength: 255 }),
  severity: Type.Union([Type.Literal('critical'), Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')]),
  timestamp: Type.Optional(Type.String({ pattern: PAGERDUTY_TIMESTAMP })),
  component: Type.Optional(Type.String()),
  group: Type.Optional(Type.String()),
  class: Type.Optional(Type.String()),
  custom_details: Type.Optional(Type.Unknown()),
});

const Common = {
  routing_key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  dedup_key: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  client: Type.Optional(Type.String()),
  client_url: Type.Optional(Type.String()),
  images: Type.Optional(Type.Array(Type.Unknown())),
  links: Type.Optional(Type.Array(Type.Unknown())),
};

/**
 * PagerDuty Events API v2 (`/v2/enqueue`). A trigger carries a payload; an
 * acknowledge or resolve names the alert by `dedup_key` alone.
 */
export const PagerDutyEvent = Type.Union([
  Type.Object({ ...Common, event_action: Type.Literal('trigger'), payload: Payload }),
  Type.Object({ ...Common, event_action: Type.Union([Type.Literal('acknowledge'), Type.Literal('resolve')]), dedup_key: Type.String({ minLength: 1, maxLength: 255 }) }),
]);
export type PagerDutyEvent = Static<typeof PagerDutyEvent>;
export type PagerDutyTrigger = Extract<PagerDutyEvent, { event_action: 'trigger' }>;

const LabelMap = Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 4096 }));

export const GenericAlert = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 255, description: 'Identifies the alert at the sender; repeats with the same key, status and times change nothing.' }),
    status: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
    startsAt: Type.String({ format: 'date-time', description: 'When the problem began; the 30-minute recovery target counts from here.' }),
    endsAt: Type.Optional(Type.String({ format: 'date-time', description: 'When the problem ended: required when status is resolved.' })),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    summary: Type.Optional(Type.String({ maxLength: 4096 })),
    severity: Type.Optional(Type.String({ maxLength: 50 })),
    labels: Type.Optional(LabelMap),
  },
  { additionalProperties: false },
);

/** Vigil's own alert format, for tools that speak neither Alertmanager nor PagerDuty. */
export const GenericAlerts = Type.Object(
  { alerts: Type.Array(GenericAlert, { minItems: 1, maxItems: 1_000 }) },
  {
    additionalProperties: false,
    examples: [
      {
        alerts: [
          {
            key: 'acme-prod-jira/https-probe',
            status: 'firing',
            startsAt: '2026-11-22T09:14:05Z',
            title: 'Jira does not answer over HTTPS',
            severity: 'critical',
            labels: { environment: 'acme-prod-jira' },
          },
        ],
      },
    ],
  },
);
export type GenericAlerts = Static<typeof GenericAlerts>;

