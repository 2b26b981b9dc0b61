import { Type, type Static } from '@sinclair/typebox';
import type { WithCaller } from './rpc';


const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const AlertStatus = Type.Union([Type.Literal('firing'), Type.Literal('acknowledged'), Type.Literal('resolved')]);
export const AlertSource = Type.Union([Type.Literal('alertmanager'), Type.Literal('pagerduty'), Type.Literal('generic')]);

export const ListAlertsRequest = Type.Object(
  {
    status: Type.Optional(AlertStatus),
    source: Type.Optional(AlertSource),
    integrationId: Type.Optional(Uuid),
    environmentKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** Only alerts that reached no environment (MON-2): no rule matched, or the key names no environment. */
    unrouted: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type ListAlertsRequest = WithCaller<Static<typeof ListAlertsRequest>>;

/** One stored alert state change, as received. */
export const AlertView = Type.Object({
  id: Uuid,
  integrationId: Uuid,
  source: AlertSource,
  fingerprint: Type.String({ description: 'Alertmanager fingerprint, PagerDuty dedup_key or generic key' }),
  status: AlertStatus,
  alertName: Type.String(),
  summary: Type.String(),
  severity: Nullable(Type.String()),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Nullable(Type.String({ format: 'date-time' })),
  environmentKey: Nullable(Type.String()),
  unrouted: Type.Boolean(),
  unroutedReason: Nullable(Type.String()),
  labels: Type.Record(Type.String(), Type.String()),
  truncatedAlerts: Type.Integer({ description: 'Alerts the sender left out of the same notification (Alertmanager truncatedAlerts)' }),
  receivedAt: Type.String({ format: 'date-time' }),
});
export type AlertView = Static<typeof AlertView>;

export const AlertPage = Type.Object({ items: Type.Array(AlertView), nextCursor: Nullable(Type.String()) });
export type AlertPage = Static<typeof AlertPage>;

/**
 * Where an integration finds an alert's environment: the first rule whose
 * label is present (and whose pattern matches) gives the environment key.
 * A pattern's first capture group is the key, or the whole match without one.
 */
export const RoutingRule = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 200, description: 'An alert label (PagerDuty: source, component, group, class, severity or a custom_details field)' }),
    pattern: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'A regular expression; its first capture group is the key' })),
  },
  { additionalProperties: false },
);
export type RoutingRule = Static<typeof RoutingRule>;

export const RoutingRules = Type.Object(
  { rules: Type.Array(RoutingRule, { maxItems: 20 }) },
  { additionalProperties: false, examples: [{ rules: [{ label: 'environment' }, { label: 'instance', pattern: '^([a-z0-9-]+)\\.hosts\\.example' }] }] },
);
export type RoutingRules = Static<typeof RoutingRules>;

export const GetRoutingRulesRequest = Type.Object({ integrationId: Uuid }, { additionalProperties: false });
export type GetRoutingRulesRequest = WithCaller<Static<typeof GetRoutingRulesRequest>>;

export const SetRoutingRulesRequest = Type.Object(
  { integrationId: Uuid, rules: RoutingRules.properties.rules },
  { additionalProperties: false },
);
export type SetRoutingRulesRequest = WithCaller<Static<typeof SetRoutingRulesRequest>>;

export const RoutingRulesView = Type.Object({
  integrationId: Uuid,
  /** Used as the only rule while `rules` is empty. */
  environmentLabel: Type.String(),
  rules: Type.Array(RoutingRule),
});
export type RoutingRulesView = Static<typeof RoutingRulesView>;

export const SigningSecretRequest = Type.Object({ integrationId: Uuid }, { additionalProperties: false });
export type SigningSecretRequest = WithCaller<Static<typeof SigningSecretRequest>>;

/** A new signing secret: shown once; from now on every request of the integration must be signed with it. */
export const IssuedSigningSecret = Type.Object({
  integrationId: Uuid,
  signingSecret: Type.String({ description: 'Shown once; Vigil keeps it encrypted' }),
  header: Type.Literal('X-Vigil-Signature'),
  format: Type.Literal('sha256=<hex HMAC-SHA256 of the raw request body, keyed with signingSecret>'),
});
export type IssuedSigningSecret = Static<typeof IssuedSigningSecret>;

export const SigningSecretRemoved = Type.Object({ integrationId: Uuid, signed: Type.Literal(false) });
export type SigningSecretRemoved = Static<typeof SigningSecretRemoved>;
