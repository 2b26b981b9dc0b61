import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Algorithm, hash } from '@node-rs/argon2';
import { eventually } from '@vigil/testing';
import { privateKeyFromPem, signAccessToken } from '@vigil/platform-auth';
import { testClock } from '../support/clock';
import { DEMO, TestPlatform } from '../support/platform';
import { StaffSession } from '../support/staff-session';

/**
 * Issue 12, sign-in and sessions, through the gateway against identity:
 * account deactivation ends every session at once and refuses sign-in like a
 * wrong password; no account enumeration (same status, body and comparable
 * time for unknown, deactivated and known accounts); argon2id parameters set
 * explicitly and old hashes upgraded at sign-in.
 */
describe('account security', () => {
  // Costlier than the default so that an argon2 verification dominates a sign-in's time (the timing comparison below).
  const ARGON2 = { memoryKib: 65_536, timeCost: 3, parallelism: 1 };
  let platform: TestPlatform;
  let gateway: string;
  let lead: StaffSession;
  const adminId = randomUUID();
  let nextAddress = 1;
  /** Each probe from its own client address (the test is a trusted proxy), so the lockout of one never shapes another. */
  const freshAddress = () => ({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });

  beforeAll(async () => {
    platform = await TestPlatform.start({
      services: ['identity', 'ticketing', 'api-gateway'],
      workflowWorker: false,
      env: {
        ARGON2_MEMORY_KIB: String(ARGON2.memoryKib),
        ARGON2_TIME_COST: String(ARGON2.timeCost),
        ARGON2_PARALLELISM: String(ARGON2.parallelism),
        GATEWAY_TRUSTED_PROXIES: '127.0.0.1',
      },
    });
    gateway = platform.url('api-gateway');
    lead = new StaffSession(gateway, DEMO.staffEmail, platform.staffTotpSecret);
    // An account admin, as the later staff-administration issue will create them.
    await platform.query(`INSERT INTO identity.staff_users (id, email, display_name, password_hash, roles) VALUES ($1, 'head-of-ms@vigil.test', 'Head of MS', 'x', $2)`, [
      adminId,
      ['HEAD_OF_MANAGED_SERVICES'],
    ]);
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const tokenOf = async (sub: string, roles: string[]) => {
    const now = Math.floor(testClock.nowMs() / 1000);
    return signAccessToken({ sub, sid: randomUUID(), kind: 'staff', roles, email: 'head-of-ms@vigil.test', iat: now, exp: now + 600 }, privateKeyFromPem(platform.signingKeyPem));
  };
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${gateway}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const administer = async (action: 'deactivation' | 'reactivation', staffId: string, bearer: string) =>
    fetch(`${gateway}/v1/staff/${staffId}/${action}`, { method: 'POST', headers: { authorization: `Bearer ${bearer}` } });
  const leadId = async () => (await platform.query<{ id: string }>(`SELECT id FROM identity.staff_users WHERE lower(email) = $1`, [DEMO.staffEmail]))[0]!.id;
  const ticketsWith = async (accessToken: string) => (await fetch(`${gateway}/v1/tickets`, { headers: { authorization: `Bearer ${accessToken}` } })).status;
  const refusal = async (response: Response) => ({ status: response.status, body: await response.text() });

  it('issue 12 point 6: stored password hashes are argon2id with the configured parameters, and an older hash is upgraded at sign-in', async () => {
    const [staff] = await platform.query<{ password_hash: string }>(`SELECT password_hash FROM identity.staff_users WHERE lower(email) = $1`, [DEMO.staffEmail]);
    expect(staff!.password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
    // As if the customer user's password had been stored under weaker, older parameters.
    const older = await hash(platform.customerUserPassword, { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    await platform.query(`UPDATE identity.customer_users SET password_hash = $2 WHERE lower(email) = $1`, [DEMO.customerUserEmail, older]);
    expect((await post('/v1/auth/customer/sign-in', { email: DEMO.customerUserEmail, password: platform.customerUserPassword })).status).toBe(200);
    const [customer] = await platform.query<{ password_hash: string }>(`SELECT password_hash FROM identity.customer_users WHERE lower(email) = $1`, [DEMO.customerUserEmail]);
    expect(customer!.password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
    expect(customer!.password_hash).not.toBe(older);
    // The upgraded hash still takes the same password.
    expect((await post('/v1/auth/customer/sign-in', { email: DEMO.customerUserEmail, password: platform.customerUserPassword })).status).toBe(200);
  });

  it('issue 12 point 2: unknown and known accounts answer a failed sign-in with the same status and body, after comparable time', async () => {
    const unknown = () => new StaffSession(gateway, `nobody-${randomUUID()}@vigil.test`, platform.staffTotpSecret).signInWithCode('Wrong-password-1!', '123456', freshAddress());
    const wrongPassword = () => lead.signInWithCode('Wrong-password-1!', '123456', freshAddress());
    const unknownCustomer = () => post('/v1/auth/customer/sign-in', { email: `nobody-${randomUUID()}@acme.example`, password: 'Wrong-password-1!' }, freshAddress());
    const wrongCustomerPassword = () => post('/v1/auth/customer/sign-in', { email: DEMO.customerUserEmail, password: 'Wrong-password-1!' }, freshAddress());

    expect(await refusal(await unknown())).toEqual(await refusal(await wrongPassword()));
    expect(await refusal(await unknownCustomer())).toEqual(await refusal(await wrongCustomerPassword()));
    expect((await refusal(await unknown())).status).toBe(401);

    // Time: each kind's fastest of several tries (load on the machine only ever adds time, and the
    // work after an audited failure, relaying its audit entry, slows whatever comes next). If the
    // unknown-account path skipped its argon2 verification it would take a small fraction of the other
    // (hashing dominates at these parameters); the bounds are generous on purpose.
    const timed = async (attempt: () => Promise<Response>) => {
      const started = performance.now();
      await (await attempt()).text();
      return performance.now() - started;
    };
    const fastest = async (attempt: () => Promise<Response>) => {
      const times: number[] = [];
      for (let round = 0; round < 7; round++) times.push(await timed(attempt));
      return Math.min(...times);
    };
    for (const [unknownAccount, knownAccount] of [[unknown, wrongPassword], [unknownCustomer, wrongCustomerPassword]] as const) {
      const ratio = (await fastest(unknownAccount)) / (await fastest(knownAccount));
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    }
  }, 120_000);

  it('issue 12 point 4: deactivation is for head of managed services, CTO and CEO, never on oneself; bad ids are refused', async () => {
    const admin = await tokenOf(adminId, ['HEAD_OF_MANAGED_SERVICES']);
    expect((await administer('deactivation', adminId, admin)).status).toBe(403); // not oneself
    expect((await administer('deactivation', await leadId(), await tokenOf(randomUUID(), ['SUPPORT_TEAM_LEAD', 'SECURITY_OFFICER']))).status).toBe(403);
    // identity checks the caller's roles itself: a token claiming CEO for an account without the role is refused.
    expect((await administer('deactivation', await leadId(), await tokenOf(randomUUID(), ['CEO']))).status).toBe(403);
    expect((await administer('deactivation', randomUUID(), admin)).status).toBe(404);
    const malformed = await administer('deactivation', 'not-a-uuid', admin);
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    const [{ disabled }] = (await platform.query<{ disabled: number }>(`SELECT count(*)::int AS disabled FROM identity.staff_users WHERE disabled_at IS NOT NULL`)) as [{ disabled: number }];
    expect(disabled).toBe(0); // nothing half-done
  });

  it('issue 12 point 4: deactivating an account ends every session and refresh token at once, is audited, and its sign-in is refused exactly like a wrong password; reactivation lets it back in', async () => {
    const signIn = async () => (await (await lead.signIn(platform.staffPassword)).json()) as { accessToken: string; refreshToken: string };
    const first = await signIn();
    const second = await signIn();
    expect(await ticketsWith(first.accessToken)).toBe(200);
    const id = await leadId();
    const admin = await tokenOf(adminId, ['HEAD_OF_MANAGED_SERVICES']);

    const deactivated = await administer('deactivation', id, admin);
    expect(deactivated.status).toBe(200);
    expect(await deactivated.json()).toMatchObject({ staffId: id, active: false, sessionsEnded: 2 });
    expect(await (await administer('deactivation', id, admin)).json()).toMatchObject({ active: false, sessionsEnded: 0 }); // repeating changes nothing

    for (const session of [first, second]) {
      expect((await post('/v1/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
      await eventually("the gateway to refuse the deactivated account's access token", async () => ((await ticketsWith(session.accessToken)) === 401 ? true : undefined));
    }
    // The right password and code are refused with the very answer a wrong password gets.
    const wrong = await refusal(await lead.signInWithCode('Wrong-password-1!', '123456', freshAddress()));
    expect(await refusal(await lead.signIn(platform.staffPassword, freshAddress()))).toEqual(wrong);
    const audit = await platform.query<{ actor: string; after: { sessionsEnded: number } }>(`SELECT actor, after FROM identity.audit_log WHERE action = 'staff.deactivated' AND target = $1`, [`staff:${id}`]);
    expect(audit).toEqual([{ actor: `staff:${adminId}`, after: expect.objectContaining({ sessionsEnded: 2 }) }]);

    const reactivated = await administer('reactivation', id, admin);
    expect(await reactivated.json()).toMatchObject({ staffId: id, active: true, deactivatedAt: null });
    expect((await post('/v1/auth/refresh', { refreshToken: second.refreshToken })).status).toBe(401); // ended sessions stay ended
    expect((await lead.signIn(platform.staffPassword)).status).toBe(200);
    const [reactivation] = await platform.query<{ actor: string }>(`SELECT actor FROM identity.audit_log WHERE action = 'staff.reactivated' AND target = $1`, [`staff:${id}`]);
    expect(reactivation!.actor).toBe(`staff:${adminId}`);
  }, 120_000);
});
