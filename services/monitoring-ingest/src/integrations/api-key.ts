import { hash, randomBytes } from 'node:crypto';

/**
 * Integration API keys are 256-bit random values. Being high-entropy, a
 * SHA-256 digest is a sound at-rest form (no salt or slow hash needed) and
 * lets the hot ingest path look a key up by its hash.
 */
export function generateApiKey(): string {
  return `vgl_${randomBytes(32).toString('base64url')}`;
}

/** One-shot `crypto.hash`: every alert request hashes its key, and this skips a Hash object per call. */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}
