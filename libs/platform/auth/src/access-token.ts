import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, createLocalJWKSet, errors, jwtVerify, SignJWT, type JSONWebKeySet, type JWK } from 'jose';

/**
 * Short-lived access tokens: JWTs signed with Ed25519 (EdDSA) by identity,
 * made and checked with `jose`, and verified by the gateway with identity's
 * published public keys (a JWKS) alone, so no service but identity can mint
 * one. Each token names its key (`kid`, the key's RFC 7638 thumbprint), so
 * identity can rotate keys while tokens signed with the previous one stay
 * valid as long as that key is still published (decision 0018).
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
  /** Customer users who administer their customer's users (issue 13); for clients only, identity decides from its records. Absent on older tokens: not an admin. */
  customerAdmin?: boolean;
  /** Where the account is reached (a customer user reporting a ticket gets its emails there). */
  email?: string;
  /** ACC-3: the password has expired; only the password change is allowed. */
  mustChangePassword?: boolean;
  iat: number;
  exp: number;
  /** Set by signAccessToken unless given (tests give wrong ones). */
  iss?: string;
  aud?: string;
  nbf?: number;
}

/** Who issues access tokens and for whom: checked on every token. */
export const ACCESS_TOKEN_ISSUER = 'urn:vigil:identity';
export const ACCESS_TOKEN_AUDIENCE = 'urn:vigil:api';
const ALGORITHM = 'EdDSA';
/** A token claiming to be issued further back than this is refused whatever its `exp` says (and so is one issued in the future). */
const MAX_TOKEN_AGE = '24h';

/** The public half of a signing key as a JWK with its key id. */
export async function publicJwkOf(key: KeyObject): Promise<JWK & { kty: string; kid: string }> {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = publicKey.export({ format: 'jwk' }) as JWK & { kty: string };
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: ALGORITHM, use: 'sig' };
}

export const keyIdOf = async (key: KeyObject): Promise<string> => (await publicJwkOf(key)).kid;

export async function signAccessToken(claims: AccessTokenClaims, privateKey: KeyObject): Promise<string> {
  const { iss = ACCESS_TOKEN_ISSUER, aud = ACCESS_TOKEN_AUDIENCE, nbf = claims.iat, ...rest } = claims;
  return new SignJWT({ ...rest, iss, aud, nbf })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT', kid: await keyIdOf(privateKey) })
    .sign(privateKey);
}

export type TokenRejection = 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' | 'UNKNOWN_KEY' | 'BAD_CLAIMS';
export type TokenVerification = { claims: AccessTokenClaims } | { rejected: TokenRejection };

/** The keys a token may be signed with: a JWKS (what identity publishes). */
export type VerificationKeys = ReturnType<typeof createLocalJWKSet>;
export const verificationKeys = (jwks: JSONWebKeySet): VerificationKeys => createLocalJWKSet(jwks);

/** Checks signature (by `kid`, EdDSA only), `iss`, `aud`, `exp`, `nbf` and `iat` against `now`, and the claims Vigil needs. */
export async function verifyAccessToken(token: string, keys: VerificationKeys, now: Date): Promise<TokenVerification> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: [ALGORITHM],
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      currentDate: now,
      maxTokenAge: MAX_TOKEN_AGE,
      requiredClaims: ['sub', 'exp', 'iat', 'nbf'],
    });
    const claims = payload as unknown as AccessTokenClaims;
    if (typeof claims.sid !== 'string' || !Array.isArray(claims.roles) || (claims.kind !== 'staff' && claims.kind !== 'customer')) return { rejected: 'MALFORMED' };
    return { claims };
  } catch (error) {
    return { rejected: rejectionOf(error) };
  }
}

function rejectionOf(error: unknown): TokenRejection {
  if (error instanceof errors.JWTExpired) return 'EXPIRED';
  if (error instanceof errors.JWTClaimValidationFailed) return 'BAD_CLAIMS';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'BAD_SIGNATURE';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return 'UNKNOWN_KEY';
  return 'MALFORMED';
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

const MAX_TOKEN_AGE_SECONDS = 24 * 60 * 60;

/**
 * Remembers the claims of tokens whose signature and claims were verified
 * with one key set, so a client sending its token on every request pays the
 * signature check (a third of the gateway's CPU per request) once per token.
 * Every hit is checked again against `now` (exp, nbf, iat and the maximum
 * age, as verifyAccessToken does); anything else goes the full way, and so
 * does everything after the key set changes (a rotation, a withdrawn key).
 * Bounded: when full it starts again empty. Revocation is the caller's check,
 * made on every request as before.
 */
export class VerifiedTokens {
  private keys: VerificationKeys | null = null;
  private readonly verified = new Map<string, AccessTokenClaims>();

  constructor(private readonly maxEntries = 10_000) {}

  async verify(token: string, keys: VerificationKeys, now: Date): Promise<TokenVerification> {
    if (keys !== this.keys) {
      this.verified.clear();
      this.keys = keys;
    }
    const known = this.verified.get(token);
    if (known && stillValid(known, now.getTime() / 1000)) return { claims: known };
    const result = await verifyAccessToken(token, keys, now);
    // Only while `keys` is still the current set: a refresh during the await (a withdrawn key) must not find it here.
    if ('claims' in result && keys === this.keys) {
      if (this.verified.size >= this.maxEntries) this.verified.clear();
      this.verified.set(token, Object.freeze(result.claims));
    }
    return result;
  }
}

function stillValid(claims: AccessTokenClaims, nowSeconds: number): boolean {
  return nowSeconds < claims.exp && nowSeconds >= (claims.nbf ?? claims.iat) && claims.iat <= nowSeconds && nowSeconds - claims.iat <= MAX_TOKEN_AGE_SECONDS;
}
