import { createHash, randomBytes } from 'node:crypto';

/**
 * Integration API keys are 256-bit random values. Being high-entropy, a
 * SHA-256 digest is a sound at-rest form (no salt or slow hash needed) and
 * lets the hot ingest path look a key up by its hash.
 */
export function generateApiKey(): string {
  return `vgl_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
