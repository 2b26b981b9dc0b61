import { Type, type Static } from '@sinclair/typebox';
import type { WithCaller } from './rpc';


export const SignInRequest = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    // Bounded so a huge body cannot make hashing expensive; ACC-3 allows at least 64.
    password: Type.String({ minLength: 1, maxLength: 256 }),
    totpCode: Type.String({ pattern: '^[0-9]{6}$' }),
  },
  { additionalProperties: false, examples: [{ email: 'lead@vigil.local', password: 'correct horse battery staple', totpCode: '123456' }] },
);
export type SignInRequest = WithCaller<Static<typeof SignInRequest>>;

/**
 * The client's address as the gateway saw it (trusted proxies resolved), never
 * taken from the body: failed sign-ins are counted per account and address.
 */
const ClientAddress = Type.String({ minLength: 1, maxLength: 64 });

/** What the gateway sends identity for a staff sign-in: the body plus the client's address. */
export const SignInCommand = Type.Object({ ...SignInRequest.properties, clientAddress: ClientAddress }, { additionalProperties: false });
export type SignInCommand = WithCaller<Static<typeof SignInCommand>>;

export const RefreshRequest = Type.Object(
  { refreshToken: Type.String({ minLength: 20, maxLength: 200 }) },
  { additionalProperties: false, examples: [{ refreshToken: 'the refreshToken of the last sign-in or refresh' }] },
);
export type RefreshRequest = WithCaller<Static<typeof RefreshRequest>>;

export const SignOutRequest = Type.Object({ sessionId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export type SignOutRequest = WithCaller<Static<typeof SignOutRequest>>;

export const PublicKeyRequest = Type.Object({}, { additionalProperties: false });

/** identity's token verification keys (RFC 7517 JWK Set), current first; `kid` is what a token names. */
export interface JsonWebKeySet {
  keys: Array<{ kty: string; kid: string; crv?: string; x?: string; alg?: string; use?: string }>;
}

export interface SessionTokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  /** ACC-3: the password is older than the policy allows; the client must have it changed. */
  passwordChangeRequired: boolean;
}

/** SPEC "Staff roles". */
export const STAFF_ROLES = [
  'SUPPORT_ENGINEER',
  'SUPPORT_TEAM_LEAD',
  'CLOUD_ARCHITECT',
  'CLOUD_OFFERINGS_MANAGER',
  'HEAD_OF_MANAGED_SERVICES',
  'SECURITY_OFFICER',
  'CTO',
  'CEO',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The one role of customer users; what they see is bounded by their customer (ACC-6). */
export const CUSTOMER_ROLE = 'CUSTOMER_USER';

export const CustomerSignInRequest = Type.Object(
  { email: Type.String({ format: 'email', maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false, examples: [{ email: 'portal@acme.example', password: 'correct horse battery staple' }] },
);
export type CustomerSignInRequest = WithCaller<Static<typeof CustomerSignInRequest>>;
export const CustomerSignInCommand = Type.Object({ ...CustomerSignInRequest.properties, clientAddress: ClientAddress }, { additionalProperties: false });
export type CustomerSignInCommand = WithCaller<Static<typeof CustomerSignInCommand>>;

export const ChangePasswordRequest = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
    /** The session making the change: it goes on; every other session of the account ends. */
    sessionId: Type.String({ format: 'uuid' }),
  },
  { additionalProperties: false },
);
export type ChangePasswordRequest = WithCaller<Static<typeof ChangePasswordRequest>>;

export const ListAccessReviewsRequest = Type.Object({}, { additionalProperties: false });
export const GetAccessReviewRequest = Type.Object({ period: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' }) }, { additionalProperties: false });

/** Who may invite, deactivate and reactivate staff accounts and change their roles (issues 12 and 13). */
export const ACCOUNT_ADMIN_ROLES = ['HEAD_OF_MANAGED_SERVICES', 'CTO', 'CEO'] as const satisfies readonly StaffRole[];

export const StaffAccountRequest = Type.Object({ staffId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export type StaffAccountRequest = WithCaller<Static<typeof StaffAccountRequest>>;

export const StaffAccountStatus = Type.Object(
  {
    staffId: Type.String({ format: 'uuid' }),
    active: Type.Boolean(),
    /** When it was deactivated (null while active). */
    deactivatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** Sessions this request ended (0 when nothing changed). */
    sessionsEnded: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type StaffAccountStatus = Static<typeof StaffAccountStatus>;
