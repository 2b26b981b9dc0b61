import { eventually } from '@vigil/testing';
import { TestPlatform } from '../support/platform';

/**
 * Issue 12 point 1: the gateway limits requests per client address, tightly on
 * the routes that take credentials (sign-in, refresh, password) and
 * generously on every route; beyond a limit it answers 429 with Retry-After
 * and a problem-details body. X-Forwarded-For counts only from a configured
 * trusted proxy. This file sets tight limits (the rest of the suite runs with
 * limits out of reach).
 */
describe('gateway rate limits', () => {
  let platform: TestPlatform;
  let gateway: string;
  const LIMITS = { GATEWAY_CREDENTIALS_RATE_LIMIT_MAX: '3', GATEWAY_RATE_LIMIT_MAX: '12', GATEWAY_RATE_LIMIT_WINDOW_SECONDS: '60' };

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['identity', 'api-gateway'], workflowWorker: false, env: LIMITS });
    gateway = platform.url('api-gateway');
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const signIn = (headers: Record<string, string> = {}) =>
    fetch(`${gateway}/v1/auth/customer/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email: 'someone@acme.example', password: 'Wrong-password-1!' }),
    });
  const expectLimited = async (response: Response) => {
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 429, type: 'https://vigil.dev/problems/rate-limited', title: 'too many requests' });
  };

  it('issue 12 point 1: limits credential routes per address (429, Retry-After, problem details), counting sign-in and refresh together, and ignores X-Forwarded-For from an untrusted peer', async () => {
    for (let attempt = 0; attempt < 3; attempt++) expect((await signIn()).status).toBe(401);
    await expectLimited(await signIn());
    await expectLimited(
      await fetch(`${gateway}/v1/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: 'x'.repeat(43) }) }),
    );
    // Claiming to be someone else does not help when the gateway trusts no proxy.
    await expectLimited(await signIn({ 'x-forwarded-for': '203.0.113.9' }));
  });

  it('issue 12 point 1: limits every route overall per address, but never the health probes', async () => {
    const statuses: number[] = [];
    for (let request = 0; request < 12; request++) statuses.push((await fetch(`${gateway}/v1/openapi.json`)).status);
    // The 6 requests of the test above count too: the overall limit of 12 is reached within this loop.
    expect(statuses.indexOf(429)).toBe(12 - 6);
    await expectLimited(await fetch(`${gateway}/v1/openapi.json`));
    expect((await fetch(`${gateway}/health/live`)).status).toBe(200);
  });

  it('issue 12 point 1: behind a configured trusted proxy, each forwarded client address has its own limits', async () => {
    await platform.restart('api-gateway', { ...LIMITS, GATEWAY_TRUSTED_PROXIES: '127.0.0.1' });
    const first = { 'x-forwarded-for': '203.0.113.10' };
    for (let attempt = 0; attempt < 3; attempt++) expect((await signIn(first)).status).toBe(401);
    await expectLimited(await signIn(first));
    expect((await signIn({ 'x-forwarded-for': '203.0.113.11' })).status).toBe(401);
    // The access log records the client, not the proxy (written after the answers, in batches: ACC-2).
    const logged = await eventually('both clients in the access log', async () => {
      const rows = await platform.query<{ client_ip: string }>(`SELECT DISTINCT client_ip FROM gateway.access_log WHERE client_ip LIKE '203.0.113.%'`);
      return rows.length === 2 ? rows : undefined;
    });
    expect(logged.map((row) => row.client_ip).sort()).toEqual(['203.0.113.10', '203.0.113.11']);
  }, 90_000);
});
