import { createHash, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { SessionTokens } from '@vigil/contracts';
import { privateKeyFromPem, signAccessToken } from '@vigil/platform-auth';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';

export const hashRefreshToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Mints access tokens (Ed25519) and opaque refresh tokens (stored only as SHA-256). */
@Injectable()
export class TokenIssuer {
  private readonly privateKey: KeyObject;
  readonly publicKeyPem: string;

  constructor(@Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig) {
    this.privateKey = privateKeyFromPem(Buffer.from(config.IDENTITY_SIGNING_KEY, 'base64').toString('utf8'));
    this.publicKeyPem = createPublicKey(this.privateKey).export({ type: 'spki', format: 'pem' }).toString();
  }

  accessToken(
    account: { id: string; kind: 'staff' | 'customer'; roles: string[]; customerId?: string; email: string },
    sessionId: string,
    now: Date,
    mustChangePassword = false,
  ): { token: string; expiresAt: Date } {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.config.ACCESS_TOKEN_TTL_SECONDS;
    return { token: signAccessToken(
        {
          sub: account.id,
          sid: sessionId,
          kind: account.kind,
          roles: account.roles,
          ...(account.customerId ? { customerId: account.customerId } : {}),
          email: account.email,
          iat,
          exp,
          ...(mustChangePassword ? { mustChangePassword } : {}),
        },
        this.privateKey,
      ), expiresAt: new Date(exp * 1000) };
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
