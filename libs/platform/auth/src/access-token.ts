import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Short-lived access tokens: compact JWS (JWT) signed with Ed25519 by
 * identity and verified by the gateway with identity's public key alone, so
 * no service but identity can mint one.
 */
export interface AccessTokenClaims {
  /** The account id. */
  sub: string;
  /** The session the token belongs to (revoked with it). */
  sid: string;
  kind: 'staff' | 'customer';
  roles: string[];
  /** Set for customer users: the only customer they may see (ACC-6). */
  customerId?: string;
  /** Where the account is reached (a customer user reporting a ticket gets its emails there). */
  email?: string;
  /** ACC-3: the password has expired; only the password change is allowed. */
  mustChangePassword?: boolean;
  iat: number;
  exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');

export function signAccessToken(claims: AccessTokenClaims, privateKey: KeyObject): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign(null, Buffer.from(`${HEADER}.${payload}`), privateKey).toString('base64url');
  return `${HEADER}.${payload}.${signature}`;
}

export type TokenRejection = 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED';

export function verifyAccessToken(token: string, publicKey: KeyObject, now: Date): { claims: AccessTokenClaims } | { rejected: TokenRejection } {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return { rejected: 'MALFORMED' };
  const [header, payload, signature] = parts as [string, string, string];
  if (!verify(null, Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))) return { rejected: 'BAD_SIGNATURE' };
  let claims: AccessTokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessTokenClaims;
  } catch {
    return { rejected: 'MALFORMED' };
  }
  if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string' || !Array.isArray(claims.roles)) return { rejected: 'MALFORMED' };
  if (claims.exp * 1000 <= now.getTime()) return { rejected: 'EXPIRED' };
  return { claims };
}

export function generateSigningKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export const privateKeyFromPem = (pem: string): KeyObject => createPrivateKey(pem);
export const publicKeyFromPem = (pem: string): KeyObject => createPublicKey(pem);
