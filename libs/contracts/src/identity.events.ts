import { Type, type Static } from '@sinclair/typebox';
import type { WithCaller } from './rpc';
import { defineEvent } from './envelope';
import { IDENTITY_STREAM } from './streams';

/** What an integration key may do. Monitoring tools post alerts. */
export const INTEGRATION_SCOPES = ['alerts:write'] as const;
export const IntegrationKind = Type.Union([Type.Literal('alertmanager'), Type.Literal('pagerduty'), Type.Literal('generic')]);

const IntegrationKeyIssuedV1Data = Type.Object(
  {
    integrationId: Type.String({ format: 'uuid' }),
    name: Type.String(),
    kind: IntegrationKind,
    scopes: Type.Array(Type.String()),
    /** SHA-256 of the key: the key itself never leaves identity's answer to the issuer. */
    keyHash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    environmentLabel: Type.String(),
    issuedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
/** Keys issued before customer scopes (issue 13); still read, never published any more. */
export const IntegrationKeyIssuedV1 = defineEvent(IDENTITY_STREAM, 'identity.integration-key.issued', 1, IntegrationKeyIssuedV1Data);
export type IntegrationKeyIssuedV1Data = Static<typeof IntegrationKeyIssuedV1Data>;

const IntegrationKeyIssuedData = Type.Object(
  {
    ...IntegrationKeyIssuedV1Data.properties,
    /** The one customer whose environments the key's alerts may route to; null for a key of the provider's own monitoring. */
    customerId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  },
  { additionalProperties: false },
);
export const IntegrationKeyIssued = defineEvent(IDENTITY_STREAM, 'identity.integration-key.issued', 2, IntegrationKeyIssuedData);
export type IntegrationKeyIssuedData = Static<typeof IntegrationKeyIssuedData>;

const IntegrationKeyRevokedData = Type.Object(
  { integrationId: Type.String({ format: 'uuid' }), revokedAt: Type.String({ format: 'date-time' }) },
  { additionalProperties: false },
);
export const IntegrationKeyRevoked = defineEvent(IDENTITY_STREAM, 'identity.integration-key.revoked', 1, IntegrationKeyRevokedData);
export type IntegrationKeyRevokedData = Static<typeof IntegrationKeyRevokedData>;

export const IssueIntegrationKeyRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: IntegrationKind,
    scopes: Type.Array(Type.Union(INTEGRATION_SCOPES.map((s) => Type.Literal(s))), { minItems: 1, uniqueItems: true }),
    environmentLabel: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Scopes the key to one customer: its alerts route only to that customer's environments (issue 13). */
    customerId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
export type IssueIntegrationKeyRequest = WithCaller<Static<typeof IssueIntegrationKeyRequest>>;
export const RevokeIntegrationKeyRequest = Type.Object({ integrationId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export type RevokeIntegrationKeyRequest = WithCaller<Static<typeof RevokeIntegrationKeyRequest>>;
export const ListIntegrationKeysRequest = Type.Object({}, { additionalProperties: false });

const SessionRevokedData = Type.Object(
  {
    sessionId: Type.String({ format: 'uuid' }),
    /** No access token of the session outlives this; the gateway forgets the revocation then. */
    accessTokensExpireBy: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
/** A session ended (sign-out): its access tokens stop working at the gateway at once. */
export const SessionRevoked = defineEvent(IDENTITY_STREAM, 'identity.session.revoked', 1, SessionRevokedData);
export type SessionRevokedData = Static<typeof SessionRevokedData>;
