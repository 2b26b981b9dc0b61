import { createHash, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { JsonWebKeySet, SessionTokens } from '@vigil/contracts';
import { privateKeyFromPem, publicJwkOf, signAccessToken } from '@vigil/platform-auth';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';

export const hashRefreshToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const pemOf = (base64: string): string => Buffer.from(base64.trim(), 'base64').toString('utf8');

/**
 * Mints access tokens (Ed25519 JWTs, jose) and opaque refresh tokens (stored
 * only as SHA-256). Signs with the current key only; publishes the current
 * and the previous keys' public halves as a JWKS, so a rotation (restart
 * with a new IDENTITY_SIGNING_KEY, the old one moved to
 * IDENTITY_PREVIOUS_SIGNING_KEYS) keeps issued tokens valid (decision 0018).
 */
@Injectable()
export class TokenIssuer {
  private readonly privateKey: KeyObject;
  private readonly publishedKeys: KeyObject[];
  private jwks: Promise<JsonWebKeySet> | null = null;

  constructor(@Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig) {
    this.privateKey = privateKeyFromPem(pemOf(config.IDENTITY_SIGNING_KEY));
    const previous = config.IDENTITY_PREVIOUS_SIGNING_KEYS.split(',').filter((key) => key.trim() !== '').map((key) => createPublicKey(pemOf(key)));
    this.publishedKeys = [createPublicKey(this.privateKey), ...previous];
  }

  /** The public keys tokens may be signed with, current first. */
  publicKeys(): Promise<JsonWebKeySet> {
    const jwks = this.jwks ?? Promise.all(this.publishedKeys.map((key) => publicJwkOf(key))).then((keys): JsonWebKeySet => ({ keys }));
    this.jwks = jwks;
    return jwks;
  }

  async accessToken(
    account: { id: string; kind: 'staff' | 'customer'; roles: string[]; customerId?: string; customerAdmin?: boolean; email: string },
    sessionId: string,
    now: Date,
    mustChangePassword = false,
  ): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.config.ACCESS_TOKEN_TTL_SECONDS;
    const token = await signAccessToken(
      {
        sub: account.id,
        sid: sessionId,
        kind: account.kind,
        roles: account.roles,
        ...(account.customerId ? { customerId: account.customerId } : {}),
        ...(account.customerAdmin ? { customerAdmin: true } : {}),
        email: account.email,
        iat,
        exp,
        ...(mustChangePassword ? { mustChangePassword } : {}),
      },
      this.privateKey,
    );
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The answer to a sign-in or a refresh. */
  sessionTokens(access: { token: string; expiresAt: Date }, refresh: { token: string; expiresAt: Date }, passwordChangeRequired: boolean): SessionTokens {
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt.toISOString(),
      passwordChangeRequired,
    };
  }

  /** When a session signed in at `now` ends, however often it is refreshed. */
  sessionDeadline(now: Date): Date {
    return new Date(now.getTime() + this.config.SESSION_ABSOLUTE_LIFETIME_SECONDS * 1000);
  }

  refreshToken(now: Date): { token: string; hash: string; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: hashRefreshToken(token), expiresAt: new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000) };
  }
}
