import { generateSigningKeyPair, keyIdOf, privateKeyFromPem, publicJwkOf, signAccessToken, verificationKeys, VerifiedTokens, verifyAccessToken, type AccessTokenClaims } from './access-token';

describe('access tokens (issue 12: jose, iss/aud/nbf/iat, kid, JWKS)', () => {
  const privateKey = privateKeyFromPem(generateSigningKeyPair().privateKeyPem);
  const other = privateKeyFromPem(generateSigningKeyPair().privateKeyPem);
  const now = new Date('2026-11-22T10:00:00Z');
  const iat = now.getTime() / 1000;
  const claims: AccessTokenClaims = { sub: 'u1', sid: 's1', kind: 'staff', roles: ['SUPPORT_ENGINEER'], iat, exp: iat + 600 };
  let keys: ReturnType<typeof verificationKeys>;

  beforeAll(async () => {
    keys = verificationKeys({ keys: [await publicJwkOf(privateKey)] });
  });

  it('verifies a token it signed, naming its key, and returns the claims with iss, aud and nbf', async () => {
    const token = await signAccessToken(claims, privateKey);
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string; alg: string };
    expect(header).toMatchObject({ alg: 'EdDSA', kid: await keyIdOf(privateKey) });
    expect(await verifyAccessToken(token, keys, now)).toEqual({ claims: { ...claims, iss: 'urn:vigil:identity', aud: 'urn:vigil:api', nbf: iat } });
  });

  it('verifies against any key of a set that holds the current and the previous key', async () => {
    const both = verificationKeys({ keys: [await publicJwkOf(privateKey), await publicJwkOf(other)] });
    expect(await verifyAccessToken(await signAccessToken(claims, privateKey), both, now)).toHaveProperty('claims');
    expect(await verifyAccessToken(await signAccessToken(claims, other), both, now)).toHaveProperty('claims');
  });

  it('rejects an expired token', async () => {
    expect(await verifyAccessToken(await signAccessToken(claims, privateKey), keys, new Date(claims.exp * 1000))).toEqual({ rejected: 'EXPIRED' });
  });

  it('rejects a wrong issuer, a wrong audience, a token not valid yet and one issued in the future', async () => {
    expect(await verifyAccessToken(await signAccessToken({ ...claims, iss: 'someone-else' }, privateKey), keys, now)).toEqual({ rejected: 'BAD_CLAIMS' });
    expect(await verifyAccessToken(await signAccessToken({ ...claims, aud: 'another-api' }, privateKey), keys, now)).toEqual({ rejected: 'BAD_CLAIMS' });
    expect(await verifyAccessToken(await signAccessToken({ ...claims, nbf: iat + 300 }, privateKey), keys, now)).toEqual({ rejected: 'BAD_CLAIMS' });
    expect(await verifyAccessToken(await signAccessToken({ ...claims, iat: iat + 300, nbf: iat }, privateKey), keys, now)).toEqual({ rejected: 'BAD_CLAIMS' });
  });

  it('rejects a tampered token (roles raised) and one signed by a key that is not published', async () => {
    const [h, , s] = (await signAccessToken(claims, privateKey)).split('.');
    const raised = Buffer.from(JSON.stringify({ ...claims, roles: ['CEO'], iss: 'urn:vigil:identity', aud: 'urn:vigil:api', nbf: iat })).toString('base64url');
    expect(await verifyAccessToken(`${h}.${raised}.${s}`, keys, now)).toEqual({ rejected: 'BAD_SIGNATURE' });
    expect(await verifyAccessToken(await signAccessToken(claims, other), keys, now)).toEqual({ rejected: 'UNKNOWN_KEY' });
  });

  it('rejects garbage and other algorithms', async () => {
    expect(await verifyAccessToken('abc', keys, now)).toEqual({ rejected: 'MALFORMED' });
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const [, p] = (await signAccessToken(claims, privateKey)).split('.');
    expect((await verifyAccessToken(`${none}.${p}.`, keys, now)) as unknown).not.toHaveProperty('claims');
  });

  describe('VerifiedTokens (issue 19: the signature checked once per token)', () => {
    it('answers a known token like a full verification, and still refuses it once it has expired', async () => {
      const keys = verificationKeys({ keys: [await publicJwkOf(privateKey)] });
      const verified = new VerifiedTokens();
      const token = await signAccessToken(claims, privateKey);
      const first = await verified.verify(token, keys, now);
      expect(first).toEqual(await verifyAccessToken(token, keys, now));
      expect(await verified.verify(token, keys, new Date(now.getTime() + 599_000))).toEqual(first);
      expect(await verified.verify(token, keys, new Date(claims.exp * 1000))).toEqual({ rejected: 'EXPIRED' });
    });

    it('never remembers a refused token, and forgets everything when the key set changes (a withdrawn key)', async () => {
      const both = verificationKeys({ keys: [await publicJwkOf(privateKey), await publicJwkOf(other)] });
      const verified = new VerifiedTokens();
      const signedByOther = await signAccessToken(claims, other);
      expect(await verified.verify(signedByOther, both, now)).toHaveProperty('claims');
      const withoutOther = verificationKeys({ keys: [await publicJwkOf(privateKey)] });
      expect(await verified.verify(signedByOther, withoutOther, now)).toEqual({ rejected: 'UNKNOWN_KEY' });
      const [h, , s] = (await signAccessToken(claims, privateKey)).split('.');
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, roles: ['CEO'] })).toString('base64url')}.${s}`;
      expect(await verified.verify(tampered, withoutOther, now)).toEqual({ rejected: 'BAD_SIGNATURE' });
      expect(await verified.verify(tampered, withoutOther, now)).toEqual({ rejected: 'BAD_SIGNATURE' });
    });
  });
});
