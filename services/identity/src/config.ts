import { Type } from '@sinclair/typebox';
import { loadConfig } from '@vigil/platform-config';
import { argon2ConfigSchema } from './staff/password-hashing';

export const identityConfigSchema = Type.Object({
  IDENTITY_PORT: Type.Integer({ default: 3040 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  /** Ed25519 private key (PKCS#8 PEM, base64-encoded) that signs access tokens. */
  IDENTITY_SIGNING_KEY: Type.String({ minLength: 40 }),
  /**
   * Key rotation: the keys signed with before, comma-separated, each a PEM
   * (private or public) base64-encoded. Only their public halves are
   * published (JWKS), so tokens they signed stay valid until they expire;
   * drop one once ACCESS_TOKEN_TTL_SECONDS has passed since the rotation.
   */
  IDENTITY_PREVIOUS_SIGNING_KEYS: Type.String({ default: '' }),
  /** 32 random bytes, base64: encrypts TOTP secrets at rest. */
  IDENTITY_SECRET_BOX_KEY: Type.String({ minLength: 40 }),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 30, default: 600 }),
  REFRESH_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 300, default: 12 * 3600 }),
  /** However often it is refreshed, a session ends this long after sign-in. */
  SESSION_ABSOLUTE_LIFETIME_SECONDS: Type.Integer({ minimum: 300, default: 12 * 3600 }),
  /** ACC-3 policy values (the SPEC's are the defaults). */
  PASSWORD_MIN_LENGTH: Type.Integer({ minimum: 8, default: 8 }),
  PASSWORD_MAX_AGE_DAYS: Type.Integer({ minimum: 1, default: 40 }),
  PASSWORD_HISTORY_SIZE: Type.Integer({ minimum: 1, default: 5 }),
  SIGN_IN_LOCK_AFTER_FAILURES: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  SIGN_IN_LOCK_MINUTES: Type.Integer({ minimum: 1, default: 15 }),
  /** How long an invitation's one-time password or a customer user's set-password token works (decision 0022). */
  INVITATION_VALID_HOURS: Type.Integer({ minimum: 1, maximum: 24 * 14, default: 72 }),
  /** argon2id cost of stored passwords (issue 12); never below OWASP's recommendation. */
  ...argon2ConfigSchema,
});
export type IdentityConfig = ReturnType<typeof loadIdentityConfig>;
export const loadIdentityConfig = () => loadConfig(identityConfigSchema);
export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');
