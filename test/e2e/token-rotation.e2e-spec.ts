import { eventually } from '@vigil/testing';
import { generateSigningKeyPair, keyIdOf, privateKeyFromPem } from '@vigil/platform-auth';
import { DEMO, TestPlatform } from '../support/platform';

/**
 * Issue 12 point 5: identity rotates its token signing key while the gateway
 * keeps running. identity publishes its keys as a JWKS; the gateway fetches
 * it again for a key id it does not know (and periodically), so tokens of the
 * new key are accepted at once and tokens of the old key stay valid while
 * that key is still published. (Foreign keys, wrong iss/aud and a future nbf
 * are refused on every route: gateway-security.e2e-spec.ts.)
 */
describe('token signing key rotation', () => {
  let platform: TestPlatform;
  let gateway: string;
  const base64 = (pem: string) => Buffer.from(pem).toString('base64');

  beforeAll(async () => {
    platform = await TestPlatform.start({
      services: ['identity', 'ticketing', 'api-gateway'],
      workflowWorker: false,
      // A key id the gateway does not know fetches the keys again at most once a second; the periodic refresh every 2 s.
      env: { GATEWAY_JWKS_MIN_REFRESH_SECONDS: '1', GATEWAY_JWKS_REFRESH_SECONDS: '2' },
    });
    gateway = platform.url('api-gateway');
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const signIn = async () => {
    const response = await fetch(`${gateway}/v1/auth/customer/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO.customerUserEmail, password: platform.customerUserPassword }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };
  const kidOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
  const ticketsWith = async (token: string) => (await fetch(`${gateway}/v1/tickets`, { headers: { authorization: `Bearer ${token}` } })).status;

  it('issue 12 point 5: after a rotation new tokens carry the new kid, the running gateway accepts old and new tokens, and drops the old key once identity stops publishing it', async () => {
    const oldKey = platform.signingKeyPem;
    const oldToken = await signIn();
    expect(kidOf(oldToken)).toBe(await keyIdOf(privateKeyFromPem(oldKey)));
    expect(await ticketsWith(oldToken)).toBe(200);

    // Rotation: identity signs with a new key and still publishes the old one.
    const newKey = generateSigningKeyPair().privateKeyPem;
    await platform.restart('identity', { IDENTITY_SIGNING_KEY: base64(newKey), IDENTITY_PREVIOUS_SIGNING_KEYS: base64(oldKey) });
    const newToken = await signIn();
    expect(kidOf(newToken)).toBe(await keyIdOf(privateKeyFromPem(newKey)));
    expect(kidOf(newToken)).not.toBe(kidOf(oldToken));
    await eventually('the running gateway to accept a token of the new key', async () => ((await ticketsWith(newToken)) === 200 ? true : undefined), 15_000);
    expect(await ticketsWith(oldToken)).toBe(200);

    // Once the old key's tokens have expired, the operator drops it: the gateway's next refresh forgets it.
    await platform.restart('identity', { IDENTITY_SIGNING_KEY: base64(newKey) });
    await eventually('the gateway to refuse a token of the key identity no longer publishes', async () => ((await ticketsWith(oldToken)) === 401 ? true : undefined), 15_000);
    expect(await ticketsWith(newToken)).toBe(200);
  }, 120_000);
});
