import { randomUUID } from 'node:crypto';
import { privateKeyFromPem, signAccessToken } from '@vigil/platform-auth';
import { eventually } from '@vigil/testing';
import { base32Decode } from '../../services/identity/src/totp/totp';
import { testClock } from '../support/clock';
import { TestPlatform } from '../support/platform';
import { StaffSession } from '../support/staff-session';

interface Enrolment {
  staffId: string;
  email: string;
  roles: string[];
  oneTimePassword: string;
  totpSecret: string;
  otpauthUri: string;
  expiresAt: string;
}

/**
 * Issue 13, staff administration, through the gateway against identity: an
 * account admin invites staff (one-time password + TOTP secret, shown once;
 * the first sign-in proves both and must change the password, ACC-3/ACC-4),
 * lists them, changes their roles (never their own), deactivates them (every
 * session ends); each change is in identity's audit log (ACC-1) for the
 * monthly review (ACC-5).
 */
describe('staff administration', () => {
  let platform: TestPlatform;
  let gateway: string;
  const adminId = randomUUID();

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['identity', 'api-gateway'], workflowWorker: false });
    gateway = platform.url('api-gateway');
    // The first admin, as `npm run create-staff-user` makes it; it acts through minted tokens.
    await platform.query(`INSERT INTO identity.staff_users (id, email, display_name, password_hash, roles) VALUES ($1, 'head@vigil.test', 'Head of MS', 'x', $2)`, [
      adminId,
      ['HEAD_OF_MANAGED_SERVICES'],
    ]);
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const tokenOf = async (sub: string, roles: string[], kind: 'staff' | 'customer' = 'staff') => {
    const now = Math.floor(testClock.nowMs() / 1000);
    return signAccessToken(
      { sub, sid: randomUUID(), kind, roles, ...(kind === 'customer' ? { customerId: randomUUID() } : {}), iat: now, exp: now + 600 },
      privateKeyFromPem(platform.signingKeyPem),
    );
  };
  const admin = () => tokenOf(adminId, ['HEAD_OF_MANAGED_SERVICES']);
  const request = (method: string, path: string, bearer: string, body?: unknown) =>
    fetch(`${gateway}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const invite = async (roles: string[], bearer?: string): Promise<Enrolment> => {
    const response = await request('POST', '/v1/staff', bearer ?? (await admin()), { email: `${randomUUID()}@vigil.test`, displayName: 'New Colleague', roles });
    expect(response.status).toBe(201);
    return (await response.json()) as Enrolment;
  };
  /** Takes the invitation up: the first sign-in (one-time password + TOTP) and the password change it requires. */
  const enrol = async (enrolment: Enrolment): Promise<{ session: StaffSession; password: string }> => {
    const session = new StaffSession(gateway, enrolment.email, base32Decode(enrolment.totpSecret));
    const first = await session.accessToken(enrolment.oneTimePassword);
    expect(first.passwordChangeRequired).toBe(true);
    const password = `Own-${randomUUID()}`;
    const changed = await request('POST', '/v1/auth/password', first.accessToken, { currentPassword: enrolment.oneTimePassword, newPassword: password });
    expect(changed.status).toBe(200);
    return { session, password };
  };
  const status = async (path: string, bearer: string) => (await request('GET', path, bearer)).status;
  const staffList = async () => ((await (await request('GET', '/v1/staff', await admin())).json()) as { staff: Array<Record<string, unknown>> }).staff;
  const auditOf = async (target: string) => {
    const response = await request('GET', `/v1/audit/identity?target=${encodeURIComponent(target)}`, await tokenOf(randomUUID(), ['SECURITY_OFFICER']));
    return ((await response.json()) as { entries: Array<{ actor: string; action: string; before: unknown; after: Record<string, unknown> }> }).entries;
  };

  it('ACC-3/ACC-4: an invitation answers a one-time password and the TOTP secret once; the first sign-in proves both and must change the password', async () => {
    const enrolment = await invite(['SUPPORT_TEAM_LEAD']);
    expect(enrolment.roles).toEqual(['SUPPORT_TEAM_LEAD']);
    expect(enrolment.otpauthUri).toBe(`otpauth://totp/Vigil:${encodeURIComponent(enrolment.email)}?secret=${enrolment.totpSecret}&issuer=Vigil&algorithm=SHA1&digits=6&period=30`);
    // 72 hours from now by default.
    expect(Date.parse(enrolment.expiresAt) - testClock.nowMs()).toBeGreaterThan(71 * 3_600_000);
    expect(Date.parse(enrolment.expiresAt) - testClock.nowMs()).toBeLessThanOrEqual(72 * 3_600_000);

    // Neither secret is kept in clear nor listed.
    const [row] = await platform.query<{ password_hash: string; totp_secret_sealed: string }>(`SELECT password_hash, totp_secret_sealed FROM identity.staff_users WHERE id = $1`, [enrolment.staffId]);
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    expect(row!.totp_secret_sealed).not.toContain(enrolment.totpSecret);
    const listed = await request('GET', '/v1/staff', await admin());
    const listText = await listed.text();
    expect(listed.status).toBe(200);
    expect(listText).not.toContain(enrolment.oneTimePassword);
    expect(listText).not.toContain(enrolment.totpSecret);
    expect((JSON.parse(listText) as { staff: Array<Record<string, unknown>> }).staff.find((s) => s['staffId'] === enrolment.staffId)).toMatchObject({
      email: enrolment.email,
      roles: ['SUPPORT_TEAM_LEAD'],
      active: true,
      invitationExpiresAt: enrolment.expiresAt,
      lastSignInAt: null,
    });

    const session = new StaffSession(gateway, enrolment.email, base32Decode(enrolment.totpSecret));
    const first = await session.accessToken(enrolment.oneTimePassword);
    expect(first.passwordChangeRequired).toBe(true);
    expect(await status('/v1/access-reviews', first.accessToken)).toBe(403); // only the password change until then
    const password = `Own-${randomUUID()}`;
    expect((await request('POST', '/v1/auth/password', first.accessToken, { currentPassword: enrolment.oneTimePassword, newPassword: password })).status).toBe(200);
    const second = await session.accessToken(password);
    expect(second.passwordChangeRequired).toBe(false);
    expect(await status('/v1/access-reviews', second.accessToken)).toBe(200);
    // The first sign-in used the invitation up.
    expect((await staffList()).find((s) => s['staffId'] === enrolment.staffId)).toMatchObject({ invitationExpiresAt: null, lastSignInAt: expect.any(String) });
    // The TOTP code is what proves the enrolment: the right password with a wrong code is refused.
    expect((await session.signInWithCode(password, '000000')).status).toBe(401);
  });

  it('an invitation is refused, with problem details and nothing written, for a taken email, an unknown role, no role or an unknown field', async () => {
    const taken = await invite(['CLOUD_ARCHITECT']);
    const before = (await staffList()).length;
    const refused = [
      { email: taken.email.toUpperCase(), displayName: 'Twin', roles: ['SUPPORT_ENGINEER'] },
      { email: `${randomUUID()}@vigil.test`, displayName: 'X', roles: ['GOD'] },
      { email: `${randomUUID()}@vigil.test`, displayName: 'X', roles: [] },
      { email: `${randomUUID()}@vigil.test`, displayName: 'X', roles: ['CTO'], password: 'chosen' },
    ];
    const statuses: number[] = [];
    for (const body of refused) {
      const response = await request('POST', '/v1/staff', await admin(), body);
      statuses.push(response.status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(statuses).toEqual([409, 400, 400, 400]);
    expect((await staffList()).length).toBe(before);
  });

  it('only head of managed services, CTO and CEO invite, list and change roles; nobody changes their own roles (403)', async () => {
    const target = await invite(['SUPPORT_ENGINEER'], await tokenOf(randomUUID(), ['CEO']));
    await invite(['SUPPORT_ENGINEER'], await tokenOf(randomUUID(), ['CTO']));
    for (const roles of [['SUPPORT_TEAM_LEAD'], ['SECURITY_OFFICER'], ['CLOUD_OFFERINGS_MANAGER', 'CLOUD_ARCHITECT', 'SUPPORT_ENGINEER']]) {
      const bearer = await tokenOf(randomUUID(), roles);
      expect(await status('/v1/staff', bearer)).toBe(403);
      expect((await request('POST', '/v1/staff', bearer, { email: `${randomUUID()}@vigil.test`, displayName: 'X', roles: ['CEO'] })).status).toBe(403);
      expect((await request('PUT', `/v1/staff/${target.staffId}/roles`, bearer, { roles: ['CEO'] })).status).toBe(403);
    }
    expect((await request('PUT', `/v1/staff/${target.staffId}/roles`, await tokenOf(randomUUID(), ['CUSTOMER_USER'], 'customer'), { roles: ['CEO'] })).status).toBe(403);

    // Self-grant: the admin's own account, whatever the roles asked for.
    const self = await request('PUT', `/v1/staff/${adminId}/roles`, await admin(), { roles: ['HEAD_OF_MANAGED_SERVICES', 'CEO'] });
    expect(self.status).toBe(403);
    expect(self.headers.get('content-type')).toContain('application/problem+json');
    expect(((await self.json()) as { detail: string }).detail).toContain('nobody grants themselves a role');
    const [admin_] = await platform.query<{ roles: string[] }>(`SELECT roles FROM identity.staff_users WHERE id = $1`, [adminId]);
    expect(admin_!.roles).toEqual(['HEAD_OF_MANAGED_SERVICES']);
    expect((await request('PUT', `/v1/staff/${randomUUID()}/roles`, await admin(), { roles: ['CEO'] })).status).toBe(404);
    expect((await request('PUT', `/v1/staff/${target.staffId}/roles`, await admin(), { roles: ['NOT_A_ROLE'] })).status).toBe(400);
  });

  it('a role change takes effect: an added role with the next refresh, a removed one at once (every session ends)', async () => {
    const enrolment = await invite(['SUPPORT_ENGINEER']);
    const { session, password } = await enrol(enrolment);
    const signIn = (await (await session.signIn(password)).json()) as { accessToken: string; refreshToken: string };
    expect(await status('/v1/audit/identity', signIn.accessToken)).toBe(403);

    const granted = await request('PUT', `/v1/staff/${enrolment.staffId}/roles`, await admin(), { roles: ['SUPPORT_ENGINEER', 'SECURITY_OFFICER'] });
    expect(granted.status).toBe(200);
    expect(await granted.json()).toEqual({ staffId: enrolment.staffId, roles: ['SUPPORT_ENGINEER', 'SECURITY_OFFICER'], sessionsEnded: 0 });
    const refreshed = (await (await fetch(`${gateway}/v1/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: signIn.refreshToken }) })).json()) as {
      accessToken: string;
      refreshToken: string;
    };
    expect(await status('/v1/audit/identity', refreshed.accessToken)).toBe(200);

    const revoked = await request('PUT', `/v1/staff/${enrolment.staffId}/roles`, await admin(), { roles: ['SUPPORT_ENGINEER'] });
    // Both sessions: the first sign-in's (the password change kept it) and the later one.
    expect(((await revoked.json()) as { sessionsEnded: number }).sessionsEnded).toBe(2);
    await eventually('the gateway to refuse the access token of the ended session', async () => ((await status('/v1/audit/identity', refreshed.accessToken)) === 401 ? true : undefined));
    const refreshAgain = await fetch(`${gateway}/v1/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: refreshed.refreshToken }) });
    expect(refreshAgain.status).toBe(401);

    const audited = await auditOf(`staff:${enrolment.staffId}`);
    expect(audited.filter((e) => e.action === 'staff.roles-changed').map((e) => ({ actor: e.actor, before: e.before, roles: e.after['roles'] }))).toEqual([
      { actor: `staff:${adminId}`, before: { roles: ['SUPPORT_ENGINEER', 'SECURITY_OFFICER'] }, roles: ['SUPPORT_ENGINEER'] },
      { actor: `staff:${adminId}`, before: { roles: ['SUPPORT_ENGINEER'] }, roles: ['SUPPORT_ENGINEER', 'SECURITY_OFFICER'] },
    ]);
  });

  it('deactivation ends every session of the account and refuses its sign-ins; invitation, role change and deactivation are in the audit log', async () => {
    const enrolment = await invite(['SUPPORT_TEAM_LEAD']);
    const { session, password } = await enrol(enrolment);
    const signIn = (await (await session.signIn(password)).json()) as { accessToken: string };
    expect(await status('/v1/access-reviews', signIn.accessToken)).toBe(200);
    expect((await request('PUT', `/v1/staff/${enrolment.staffId}/roles`, await admin(), { roles: ['SUPPORT_TEAM_LEAD', 'CLOUD_ARCHITECT'] })).status).toBe(200);

    const deactivated = await request('POST', `/v1/staff/${enrolment.staffId}/deactivation`, await admin());
    expect(deactivated.status).toBe(200);
    // Two sessions: the one the first sign-in opened (password change keeps it) and the later one.
    expect(((await deactivated.json()) as { sessionsEnded: number }).sessionsEnded).toBe(2);
    await eventually("the gateway to refuse the deactivated account's access token", async () => ((await status('/v1/access-reviews', signIn.accessToken)) === 401 ? true : undefined));
    expect((await session.signInWithCode(password, '123456')).status).toBe(401);
    expect((await staffList()).find((s) => s['staffId'] === enrolment.staffId)).toMatchObject({ active: false });

    const audited = await auditOf(`staff:${enrolment.staffId}`);
    const byAdmin = audited.filter((e) => e.actor === `staff:${adminId}`).map((e) => e.action);
    expect(byAdmin).toEqual(['staff.deactivated', 'staff.roles-changed', 'staff.invited']);
    expect(audited.find((e) => e.action === 'staff.invited')!.after).toMatchObject({ email: enrolment.email, roles: ['SUPPORT_TEAM_LEAD'] });
    // The secrets never reach the audit log.
    expect(JSON.stringify(audited)).not.toContain(enrolment.oneTimePassword);
    expect(JSON.stringify(audited)).not.toContain(enrolment.totpSecret);
  });
});
