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

export const RefreshRequest = Type.Object(
  { refreshToken: Type.String({ minLength: 20, maxLength: 200 }) },
  { additionalProperties: false, examples: [{ refreshToken: 'the refreshToken of the last sign-in or refresh' }] },
);
export type RefreshRequest = WithCaller<Static<typeof RefreshRequest>>;

export const SignOutRequest = Type.Object({ sessionId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export type SignOutRequest = WithCaller<Static<typeof SignOutRequest>>;

export const PublicKeyRequest = Type.Object({}, { additionalProperties: false });

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
