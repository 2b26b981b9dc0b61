import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from './envelope';
import { MONITORING_STREAM } from './streams';

const AlertData = Type.Object(
  {
    alertId: Type.String({ format: 'uuid' }),
    integrationId: Type.String({ format: 'uuid' }),
    source: Type.Union([Type.Literal('alertmanager'), Type.Literal('pagerduty'), Type.Literal('generic')]),
    fingerprint: Type.String({ minLength: 1 }),
    environmentKey: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    alertName: Type.String(),
    summary: Type.String(),
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    labels: Type.Record(Type.String(), Type.String()),
  },
  { additionalProperties: false },
);

export const AlertFired = defineEvent(MONITORING_STREAM, 'monitoring.alert.fired', 1, AlertData);
export type AlertFiredData = Static<typeof AlertData>;

export const AlertResolved = defineEvent(MONITORING_STREAM, 'monitoring.alert.resolved', 1, AlertData);
export type AlertResolvedData = Static<typeof AlertData>;

/** Someone took the alert at its sender (PagerDuty `acknowledge`): the outage counts as being worked on (MON-3). */
export const AlertAcknowledged = defineEvent(MONITORING_STREAM, 'monitoring.alert.acknowledged', 1, AlertData);
export type AlertAcknowledgedData = Static<typeof AlertData>;

const IntegrationKeyUsedData = Type.Object(
  { integrationId: Type.String({ format: 'uuid' }), usedAt: Type.String({ format: 'date-time' }) },
  { additionalProperties: false },
);
/** A key was used (published at most once a minute per key): identity reports last use in access reviews (ACC-5). */
export const IntegrationKeyUsed = defineEvent(MONITORING_STREAM, 'monitoring.integration-key.used', 1, IntegrationKeyUsedData);
export type IntegrationKeyUsedData = Static<typeof IntegrationKeyUsedData>;
