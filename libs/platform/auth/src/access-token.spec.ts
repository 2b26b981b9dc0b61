import { generateSigningKeyPair, privateKeyFromPem, publicKeyFromPem, signAccessToken, verifyAccessToken, type AccessTokenClaims } from './access-token';

describe('access tokens', () => {
  const keys = generateSigningKeyPair();
  const privateKey = privateKeyFromPem(keys.privateKeyPem);
  const publicKey = publicKeyFromPem(keys.publicKeyPem);
  const now = new Date('2026-11-22T10:00:00Z');
  const claims: AccessTokenClaims = { sub: 'u1', sid: 's1', kind: 'staff', roles: ['SUPPORT_ENGINEER'], iat: now.getTime() / 1000, exp: now.getTime() / 1000 + 600 };

  it('verifies a token it signed and returns the claims', () => {
    expect(verifyAccessToken(signAccessToken(claims, privateKey), publicKey, now)).toEqual({ claims });
  });

  it('rejects an expired token', () => {
    expect(verifyAccessToken(signAccessToken(claims, privateKey), publicKey, new Date(claims.exp * 1000))).toEqual({ rejected: 'EXPIRED' });
  });

  it('rejects a tampered token (roles raised) and one signed by another key', () => {
    const [h, , s] = signAccessToken(claims, privateKey).split('.');
    const raised = Buffer.from(JSON.stringify({ ...claims, roles: ['CEO'] })).toString('base64url');
    expect(verifyAccessToken(`${h}.${raised}.${s}`, publicKey, now)).toEqual({ rejected: 'BAD_SIGNATURE' });
    const other = privateKeyFromPem(generateSigningKeyPair().privateKeyPem);
    expect(verifyAccessToken(signAccessToken(claims, other), publicKey, now)).toEqual({ rejected: 'BAD_SIGNATURE' });
  });

  it('rejects garbage and other algorithms', () => {
    expect(verifyAccessToken('abc', publicKey, now)).toEqual({ rejected: 'MALFORMED' });
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const [, p] = signAccessToken(claims, privateKey).split('.');
    expect(verifyAccessToken(`${none}.${p}.`, publicKey, now)).toEqual({ rejected: 'MALFORMED' });
  });
});
