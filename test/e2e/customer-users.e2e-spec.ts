import { randomUUID } from 'node:crypto';
import { privateKeyFromPem, signAccessToken } from '@vigil/platform-auth';
import { eventually } from '@vigil/testing';
import { testClock } from '../support/clock';
import { TestPlatform } from '../support/platform';

interface Invited {
  userId: string;
  customerId: string;
  email: string;
  admin: boolean;
  passwordResetToken: string;
  expiresAt: string;
}

/**
 * Issue 13, customer users, through the gateway against identity: staff who
 * run customers invite their users; a customer's admin user administers its
 * own customer's users only (another customer's ids answer 404, ACC-6; a
 * non-admin gets 403). Invitations and resets answer a set-password token,
 * shown once, that works once; deactivation ends every session. Every change
 * is in identity's audit log (ACC-1).
 */
describe('customer users', () => {
  let platform: TestPlatform;
  let gateway: string;
  const customerId = randomUUID();
  const otherCustomerId = randomUUID();

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['identity', 'api-gateway'], workflowWorker: false });
    gateway = platform.url('api-gateway');
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const staffToken = async (roles: string[], sub = randomUUID()) => {
    const now = Math.floor(testClock.nowMs() / 1000);
    return signAccessToken({ sub, sid: randomUUID(), kind: 'staff', roles, iat: now, exp: now + 600 }, privateKeyFromPem(platform.signingKeyPem));
  };
  const lead = () => staffToken(['SUPPORT_TEAM_LEAD']);
  const request = (method: string, path: string, bearer?: string, body?: unknown) =>
    fetch(`${gateway}${path}`, {
      method,
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const invite = async (bearer: string, forCustomer: string, admin = false): Promise<Invited> => {
    const response = await request('POST', `/v1/customers/${forCustomer}/users`, bearer, { email: `${randomUUID()}@customer.example`, displayName: 'Portal User', admin });
    expect(response.status).toBe(201);
    return (await response.json()) as Invited;
  };
  const redeem = (resetToken: string, newPassword: string) => request('POST', '/v1/auth/customer/password-reset', undefined, { resetToken, newPassword });
  const signIn = (email: string, password: string) => request('POST', '/v1/auth/customer/sign-in', undefined, { email, password });
  /** Invitation taken up: the password set with the token, then a real sign-in. */
  const onboard = async (invited: Invited): Promise<{ accessToken: string; password: string }> => {
    const password = `Portal-${randomUUID()}`;
    expect((await redeem(invited.passwordResetToken, password)).status).toBe(200);
    const response = await signIn(invited.email, password);
    expect(response.status).toBe(200);
    return { accessToken: ((await response.json()) as { accessToken: string }).accessToken, password };
  };
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  const usersOf = async (bearer: string, ofCustomer = customerId) => {
    const response = await request('GET', `/v1/customers/${ofCustomer}/users`, bearer);
    return { status: response.status, users: response.status === 200 ? ((await response.json()) as { users: Array<Record<string, unknown>> }).users : [] };
  };
  const auditOf = async (target: string) => {
    const response = await request('GET', `/v1/audit/identity?target=${encodeURIComponent(target)}`, await staffToken(['SECURITY_OFFICER']));
    return ((await response.json()) as { entries: Array<{ actor: string; action: string; after: Record<string, unknown> }> }).entries;
  };

  it('staff invite a customer admin, whose set-password token works once; it signs in as an admin of its own customer', async () => {
    const invited = await invite(await lead(), customerId, true);
    expect(invited).toMatchObject({ customerId, admin: true });
    // Stored only as a hash.
    const [row] = await platform.query<{ password_reset_hash: string }>(`SELECT password_reset_hash FROM identity.customer_users WHERE id = $1`, [invited.userId]);
    expect(row!.password_reset_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.password_reset_hash).not.toContain(invited.passwordResetToken);

    // A password against the policy is refused and leaves the token usable.
    expect((await redeem(invited.passwordResetToken, 'short')).status).toBe(400);
    const { accessToken, password } = await onboard(invited);
    expect(claimsOf(accessToken)).toMatchObject({ kind: 'customer', customerId, customerAdmin: true, roles: ['CUSTOMER_USER'] });
    // Used up.
    expect((await redeem(invited.passwordResetToken, `Again-${randomUUID()}`)).status).toBe(401);
    expect((await signIn(invited.email, password)).status).toBe(200);

    const listed = await usersOf(accessToken);
    expect(listed.status).toBe(200);
    expect(listed.users).toEqual([expect.objectContaining({ userId: invited.userId, customerId, email: invited.email, admin: true, active: true })]);
    expect(JSON.stringify(listed.users)).not.toContain(invited.passwordResetToken);
  });

  it("a customer admin manages its own customer's users only: another customer's ids answer 404, a non-admin gets 403", async () => {
    const admin = await onboard(await invite(await lead(), customerId, true));
    const foreignUser = await invite(await lead(), otherCustomerId);
    const member = await invite(admin.accessToken, customerId);
    expect(member).toMatchObject({ customerId, admin: false });
    const memberSession = await onboard(member);
    expect(claimsOf(memberSession.accessToken)['customerAdmin']).toBeUndefined();

    // Another customer, by its own path or by its user's id under one's own customer.
    expect((await usersOf(admin.accessToken, otherCustomerId)).status).toBe(404);
    expect((await request('POST', `/v1/customers/${otherCustomerId}/users`, admin.accessToken, { email: `${randomUUID()}@customer.example`, displayName: 'Intruder' })).status).toBe(404);
    expect((await request('POST', `/v1/customers/${otherCustomerId}/users/${foreignUser.userId}/deactivation`, admin.accessToken)).status).toBe(404);
    expect((await request('POST', `/v1/customers/${customerId}/users/${foreignUser.userId}/password-reset`, admin.accessToken)).status).toBe(404);
    const [foreign] = await platform.query<{ disabled_at: Date | null }>(`SELECT disabled_at FROM identity.customer_users WHERE id = $1`, [foreignUser.userId]);
    expect(foreign!.disabled_at).toBeNull();

    // A member of the customer is not an admin.
    expect((await usersOf(memberSession.accessToken)).status).toBe(403);
    const memberInvite = await request('POST', `/v1/customers/${customerId}/users`, memberSession.accessToken, { email: `${randomUUID()}@customer.example`, displayName: 'Friend', admin: true });
    expect(memberInvite.status).toBe(403);
    expect(memberInvite.headers.get('content-type')).toContain('application/problem+json');
    expect((await request('POST', `/v1/customers/${customerId}/users/${member.userId}/password-reset`, memberSession.accessToken)).status).toBe(403);
    // ...and another customer's ids still answer 404 to it, not 403.
    expect((await usersOf(memberSession.accessToken, otherCustomerId)).status).toBe(404);
  });

  it('only head of managed services, cloud offerings manager, support team lead, CTO and CEO administer customer users among staff', async () => {
    for (const role of ['HEAD_OF_MANAGED_SERVICES', 'CLOUD_OFFERINGS_MANAGER', 'SUPPORT_TEAM_LEAD', 'CTO', 'CEO']) expect((await usersOf(await staffToken([role]))).status).toBe(200);
    for (const role of ['SUPPORT_ENGINEER', 'CLOUD_ARCHITECT', 'SECURITY_OFFICER']) {
      expect((await usersOf(await staffToken([role]))).status).toBe(403);
      expect((await request('POST', `/v1/customers/${customerId}/users`, await staffToken([role]), { email: `${randomUUID()}@customer.example`, displayName: 'X' })).status).toBe(403);
    }
    // Bad input: problem details, nothing written.
    const before = (await usersOf(await lead())).users.length;
    for (const body of [{ email: 'not-an-email', displayName: 'X' }, { email: `${randomUUID()}@customer.example`, displayName: '' }, { email: `${randomUUID()}@customer.example`, displayName: 'X', roles: ['CEO'] }]) {
      expect((await request('POST', `/v1/customers/${customerId}/users`, await lead(), body)).status).toBe(400);
    }
    const taken = await invite(await lead(), customerId);
    expect((await request('POST', `/v1/customers/${otherCustomerId}/users`, await lead(), { email: taken.email.toUpperCase(), displayName: 'Twin' })).status).toBe(409);
    expect((await usersOf(await lead())).users.length).toBe(before + 1);
  });

  it('deactivation ends every session of the user and refuses its sign-ins; nobody deactivates themselves', async () => {
    const admin = await onboard(await invite(await lead(), customerId, true));
    const member = await invite(admin.accessToken, customerId);
    const memberSession = await onboard(member);
    expect((await usersOf(admin.accessToken)).status).toBe(200);

    const adminId = claimsOf(admin.accessToken)['sub'] as string;
    expect((await request('POST', `/v1/customers/${customerId}/users/${adminId}/deactivation`, admin.accessToken)).status).toBe(403);
    const deactivated = await request('POST', `/v1/customers/${customerId}/users/${member.userId}/deactivation`, admin.accessToken);
    expect(deactivated.status).toBe(200);
    expect(await deactivated.json()).toMatchObject({ userId: member.userId, customerId, active: false, sessionsEnded: 1 });
    // A customer user's own session is visible on sign-out: the gateway refuses its token once told.
    await eventually("the gateway to refuse the deactivated user's access token", async () =>
      (await request('POST', '/v1/auth/sign-out', memberSession.accessToken)).status === 401 ? true : undefined,
    );
    expect((await signIn(member.email, memberSession.password)).status).toBe(401);
    expect((await request('POST', `/v1/customers/${customerId}/users/${member.userId}/deactivation`, admin.accessToken)).status).toBe(200); // repeating changes nothing
    expect((await usersOf(admin.accessToken)).users.find((u) => u['userId'] === member.userId)).toMatchObject({ active: false });
  });

  it('a password reset ends the sessions and the old password at once; its token works once; every change is audited', async () => {
    const admin = await onboard(await invite(await lead(), customerId, true));
    const member = await invite(admin.accessToken, customerId);
    const memberSession = await onboard(member);

    const reset = await request('POST', `/v1/customers/${customerId}/users/${member.userId}/password-reset`, admin.accessToken);
    expect(reset.status).toBe(201);
    const { passwordResetToken, sessionsEnded } = (await reset.json()) as { passwordResetToken: string; sessionsEnded: number };
    expect(sessionsEnded).toBe(1);
    await eventually("the gateway to refuse the reset user's access token", async () => ((await request('POST', '/v1/auth/sign-out', memberSession.accessToken)).status === 401 ? true : undefined));
    const newPassword = `Reset-${randomUUID()}`;
    expect((await redeem(passwordResetToken, newPassword)).status).toBe(200);
    expect((await redeem(passwordResetToken, `Other-${randomUUID()}`)).status).toBe(401);
    expect((await signIn(member.email, newPassword)).status).toBe(200);
    // (After the success: a failure slows the address's next attempts at the account.)
    expect((await signIn(member.email, memberSession.password)).status).toBe(401);
    expect((await request('POST', `/v1/customers/${customerId}/users/${member.userId}/deactivation`, await lead())).status).toBe(200);

    const adminActor = `customer:${claimsOf(admin.accessToken)['sub'] as string}`;
    const audited = await auditOf(`customer-user:${member.userId}`);
    expect(audited.map((e) => `${e.action} by ${e.actor === adminActor ? 'admin' : e.actor.startsWith('staff:') ? 'staff' : 'user'}`)).toEqual([
      'customer-user.deactivated by staff',
      'customer-user.password-set by user',
      'customer-user.password-reset by admin',
      'customer-user.password-set by user',
      'customer-user.invited by admin',
    ]);
    expect(audited.find((e) => e.action === 'customer-user.invited')!.after).toMatchObject({ customerId, email: member.email, admin: false });
    expect(JSON.stringify(audited)).not.toContain(passwordResetToken);
    expect(JSON.stringify(audited)).not.toContain(member.passwordResetToken);
  });

  it('a customer token without the admin claim (issued before issue 13) still works: identity decides from its own records', async () => {
    const invited = await invite(await lead(), customerId, true);
    await onboard(invited);
    const now = Math.floor(testClock.nowMs() / 1000);
    const older = await signAccessToken({ sub: invited.userId, sid: randomUUID(), kind: 'customer', roles: ['CUSTOMER_USER'], customerId, iat: now, exp: now + 600 }, privateKeyFromPem(platform.signingKeyPem));
    expect((await usersOf(older)).status).toBe(200);
  });
});
