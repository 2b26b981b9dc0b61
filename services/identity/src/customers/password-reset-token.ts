import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits; identity keeps only the SHA-256 (a lookup key that cannot be turned back into the token). */
export function newPasswordResetToken(now: Date, validHours: number): { token: string; hash: string; expiresAt: Date } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashPasswordResetToken(token), expiresAt: new Date(now.getTime() + validHours * 3_600_000) };
}

export const hashPasswordResetToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A password nobody knows: stored (hashed) while a user has none of its own yet, so no sign-in can succeed. */
export const unusablePassword = (): string => randomBytes(32).toString('base64url');
