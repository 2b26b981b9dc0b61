import { Type, type Static } from '@sinclair/typebox';

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
