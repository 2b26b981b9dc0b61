import { Type } from '@sinclair/typebox';

/**
 * What the gateway answers on routes served by identity and the audit
 * queries, as schemas for the API description. Identity's RPC contracts type
 * these replies in TypeScript only; the conformance e2e test checks real
 * answers against these schemas, so they cannot drift unnoticed.
 */
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const SessionTokensView = Type.Object({
  accessToken: Type.String(),
  accessTokenExpiresAt: Timestamp,
  refreshToken: Type.String(),
  refreshTokenExpiresAt: Timestamp,
  passwordChangeRequired: Type.Boolean({ description: 'ACC-3: the password is older than the policy allows; only POST /v1/auth/password is open until it is changed.' }),
});

export const PasswordChanged = Type.Object({ passwordChangedAt: Timestamp });

export const AccessReviewList = Type.Object({
  reviews: Type.Array(Type.Object({ period: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' }), generatedAt: Timestamp, accounts: Type.Integer(), flagged: Type.Integer() })),
});

export const AccessReviewReport = Type.Object({
  period: Type.String(),
  generatedAt: Timestamp,
  accounts: Type.Array(
    Type.Object({
      accountId: Type.String({ format: 'uuid' }),
      email: Type.String(),
      kind: Type.Union([Type.Literal('staff'), Type.Literal('customer')]),
      customerId: Type.Optional(Type.String({ format: 'uuid' })),
      roles: Type.Array(Type.String()),
      lastSignInAt: NullableTimestamp,
      mfaEnrolled: Type.Boolean(),
      flags: Type.Array(Type.String()),
    }),
  ),
  integrationKeys: Type.Array(Type.Object({ integrationId: Type.String({ format: 'uuid' }), name: Type.String(), scopes: Type.Array(Type.String()), lastUsedAt: NullableTimestamp, flags: Type.Array(Type.String()) })),
});

export const IssuedIntegrationKey = Type.Object({
  integrationId: Type.String({ format: 'uuid' }),
  apiKey: Type.String({ description: 'Shown once; Vigil keeps only its hash.' }),
});

export const IntegrationKeyList = Type.Object({
  integrations: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      name: Type.String(),
      kind: Type.String(),
      scopes: Type.Array(Type.String()),
      environmentLabel: Type.Union([Type.String(), Type.Null()]),
      customerId: Type.Union([Type.String({ format: 'uuid', description: "The customer whose environments the key's alerts may route to" }), Type.Null()]),
      issuedBy: Type.String(),
      issuedAt: Timestamp,
      revokedAt: NullableTimestamp,
      lastUsedAt: NullableTimestamp,
    }),
  ),
});

export const IntegrationKeyRevoked = Type.Object({ revokedAt: Timestamp });

export const AuditEntries = Type.Object({
  entries: Type.Array(
    Type.Object({
      position: Type.Integer({ minimum: 1 }),
      id: Type.String(),
      occurredAt: Timestamp,
      actor: Type.String(),
      action: Type.String(),
      target: Type.String(),
      before: Type.Unknown(),
      after: Type.Unknown(),
      requestId: Type.Union([Type.String(), Type.Null()]),
      traceId: Type.Union([Type.String(), Type.Null()]),
      prevHash: Type.String(),
      hash: Type.String(),
    }),
  ),
});

export const AuditVerificationView = Type.Object({
  service: Type.String(),
  entries: Type.Integer({ minimum: 0 }),
  witness: Type.Union([Type.Object({ position: Type.Integer(), hash: Type.String() }), Type.Null()]),
  intact: Type.Boolean(),
  problems: Type.Array(Type.Object({}, { additionalProperties: true })),
});
