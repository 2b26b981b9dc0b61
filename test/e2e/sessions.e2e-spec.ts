import { eventually } from '@vigil/testing';
import { DEMO, TestPlatform } from '../support/platform';

/**
 * ACC-4 sessions through the gateway: a refresh token used twice ends its
 * whole session (a copy was taken), and refreshing never carries a session
 * past its absolute end. A customer portal user signs in (no TOTP step to wait for).
 */
describe('sessions', () => {
  let platform: TestPlatform;
  let gateway: string;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['identity', 'ticketing', 'api-gateway'], workflowWorker: false });
    gateway = platform.url('api-gateway');
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const post = (path: string, body: unknown) => fetch(`${gateway}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const signIn = async () => {
    const response = await post('/v1/auth/customer/sign-in', { email: DEMO.customerUserEmail, password: platform.customerUserPassword });
    expect(response.status).toBe(200);
    return (await response.json()) as { accessToken: string; refreshToken: string };
  };
  const refresh = (refreshToken: string) => post('/v1/auth/refresh', { refreshToken });
  const ticketsWith = async (accessToken: string) => (await fetch(`${gateway}/v1/tickets`, { headers: { authorization: `Bearer ${accessToken}` } })).status;

  it('a refresh token presented again after it was rotated ends the session for everyone holding it', async () => {
    const first = await signIn();
    const rotated = await refresh(first.refreshToken);
    expect(rotated.status).toBe(200);
    const legitimate = (await rotated.json()) as { accessToken: string; refreshToken: string };
    expect(await ticketsWith(legitimate.accessToken)).toBe(200);

    expect((await refresh(first.refreshToken)).status).toBe(401); // the stolen copy
    expect((await refresh(legitimate.refreshToken)).status).toBe(401); // the whole session ended
    await eventually('the gateway to refuse the ended session', async () => ((await ticketsWith(legitimate.accessToken)) === 401 ? true : undefined));
    const [reuse] = await platform.query<{ action: string }>(`SELECT action FROM identity.audit_log WHERE action = 'session.refresh-token-reused'`);
    expect(reuse).toBeDefined();
    // Another session of the same user is not touched.
    expect(await ticketsWith((await signIn()).accessToken)).toBe(200);
  });

  it('refreshing never extends a session past its absolute end', async () => {
    const first = await signIn();
    const [session] = await platform.query<{ id: string; absolute_expires_at: Date; expires_at: Date }>(
      `SELECT id, absolute_expires_at, expires_at FROM identity.sessions ORDER BY created_at DESC LIMIT 1`,
    );
    expect(session!.absolute_expires_at.getTime()).toBeGreaterThanOrEqual(session!.expires_at.getTime());
    // As if the session were 11 h 59 min old: one minute of it is left.
    await platform.query(`UPDATE identity.sessions SET absolute_expires_at = now() + interval '1 minute' WHERE id = $1`, [session!.id]);
    const refreshed = await refresh(first.refreshToken);
    expect(refreshed.status).toBe(200);
    const [after] = await platform.query<{ absolute_expires_at: Date; expires_at: Date }>(`SELECT absolute_expires_at, expires_at FROM identity.sessions WHERE id = $1`, [session!.id]);
    expect(after!.expires_at.getTime()).toBe(after!.absolute_expires_at.getTime());

    // Past the absolute end, the refresh token is refused although it was never used.
    await platform.query(`UPDATE identity.sessions SET absolute_expires_at = now() - interval '1 second' WHERE id = $1`, [session!.id]);
    expect((await refresh(((await refreshed.json()) as { refreshToken: string }).refreshToken)).status).toBe(401);
  });
});
