import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually, REPO_ROOT } from '@vigil/testing';
import { base32Decode } from '../../services/identity/src/totp/totp';
import { DEMO, TestPlatform } from '../support/platform';
import { StaffSession } from '../support/staff-session';

/** ACC-3 password changes and expiry, and the sign-in lockout, through the gateway against identity. */
describe('staff passwords and lockout', () => {
  let platform: TestPlatform;
  let session: StaffSession;
  let password: string;
  let token: string;

  beforeAll(async () => {
    // A low lock threshold keeps the lockout test short; the policy itself is unit-tested. The test
    // stands in for a proxy (trusted) to sign in as clients at other addresses.
    platform = await TestPlatform.start({
      services: ['identity', 'ticketing', 'api-gateway'],
      workflowWorker: false,
      env: { SIGN_IN_LOCK_AFTER_FAILURES: '3', GATEWAY_TRUSTED_PROXIES: '127.0.0.1' },
    });
    session = new StaffSession(platform.url('api-gateway'), DEMO.staffEmail, platform.staffTotpSecret);
    password = platform.staffPassword;
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const changePassword = (token: string, currentPassword: string, newPassword: string) =>
    fetch(`${platform.url('api-gateway')}/v1/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ currentPassword, newPassword }),
    });
  const detail = async (response: Response) => ((await response.json()) as { detail: string }).detail;

  it('ACC-3: refuses weak, common and too-similar new passwords, saying why', async () => {
    const { accessToken } = await session.accessToken(password);
    token = accessToken;
    const weak = await changePassword(accessToken, password, 'short');
    expect(weak.status).toBe(400);
    expect(await detail(weak)).toMatch(/TOO_SHORT.*NO_UPPER_CASE.*NO_DIGIT.*NO_SPECIAL_CHARACTER/);
    const common = await changePassword(accessToken, password, 'Password2026!');
    expect(await detail(common)).toContain('COMMON_PASSWORD');
    const nearCurrent = await changePassword(accessToken, password, `${password}x`);
    expect(await detail(nearCurrent)).toContain('TOO_SIMILAR_TO_CURRENT');
    const wrongCurrent = await changePassword(accessToken, 'Not-the-current-1', 'Completely-Different-42');
    expect(wrongCurrent.status).toBe(401);
  });

  it('ACC-3: accepts a good new password, then refuses going back to an earlier one, and the current one however dressed up', async () => {
    const accessToken = token;
    const next = 'Granite-Lantern-73#';
    expect((await changePassword(accessToken, password, next)).status).toBe(200);
    const back = await changePassword(accessToken, next, password);
    expect(back.status).toBe(400);
    expect(await detail(back)).toContain('RECENTLY_USED');
    const dressedUp = await changePassword(accessToken, next, 'GRANITE%%lantern%%2026'); // the current one's letters, many edits away
    expect(dressedUp.status).toBe(400);
    expect(await detail(dressedUp)).toContain('TOO_SIMILAR_TO_CURRENT');
    password = next;
  });

  it('issue 12: the password history holds only argon2id hashes of whole passwords, with explicit parameters', async () => {
    const history = await platform.query<{ password_hash: string }>(
      `SELECT h.password_hash FROM identity.password_history h JOIN identity.staff_users s ON s.id = h.staff_id WHERE lower(s.email) = $1 ORDER BY h.id`,
      [DEMO.staffEmail],
    );
    expect(history.length).toBe(2); // the seeded password and the one set above
    for (const { password_hash } of history) expect(password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const columns = await platform.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'identity' AND table_name = 'password_history'`);
    expect(columns.map((c) => c.column_name).sort()).toEqual(['created_at', 'id', 'password_hash', 'staff_id']);
  });

  it('ACC-3: after 40 days the password must be changed before anything else', async () => {
    await platform.query(`UPDATE identity.staff_users SET password_changed_at = now() - interval '41 days' WHERE lower(email) = $1`, [DEMO.staffEmail]);
    const expired = await session.accessToken(password);
    expect(expired.passwordChangeRequired).toBe(true);
    const tickets = await fetch(`${platform.url('api-gateway')}/v1/tickets`, { headers: { authorization: `Bearer ${expired.accessToken}` } });
    expect(tickets.status).toBe(403);
    expect(((await tickets.json()) as { type: string }).type).toContain('password-change-required');
    const next = 'Orchard-Compass-58!';
    expect((await changePassword(expired.accessToken, password, next)).status).toBe(200);
    password = next;
    const fresh = await session.accessToken(password);
    expect(fresh.passwordChangeRequired).toBe(false);
  });

  it('ACC-4: a password change ends every other session of the account; the session that made it goes on', async () => {
    const gateway = platform.url('api-gateway');
    const signIn = async () => (await (await session.signIn(password)).json()) as { accessToken: string; refreshToken: string };
    const refresh = (refreshToken: string) =>
      fetch(`${gateway}/v1/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
    const other = await signIn();
    const current = await signIn();
    const next = 'Meadow-Quartz-64!';
    expect((await changePassword(current.accessToken, password, next)).status).toBe(200);
    password = next;
    expect((await refresh(other.refreshToken)).status).toBe(401);
    await eventually("the gateway to refuse the other session's access token", async () =>
      (await fetch(`${gateway}/v1/tickets`, { headers: { authorization: `Bearer ${other.accessToken}` } })).status === 401 ? true : undefined,
    );
    expect((await refresh(current.refreshToken)).status).toBe(200);
  }, 90_000);

  it('the first admin is created from the command line with a one-time password and a TOTP enrolment URI', async () => {
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['-r', '@swc-node/register', join(REPO_ROOT, 'services/identity/src/create-staff-user.ts'), ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...platform.environment, SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') },
      });
    const refused = await run('--email', 'ada@vigil.test', '--name', 'Ada', '--roles', 'OVERLORD').catch((error: { stderr: string }) => error);
    expect((refused as { stderr: string }).stderr).toContain('roles: SUPPORT_ENGINEER');

    const { stdout } = await run('--email', 'ada@vigil.test', '--name', 'Ada Admin', '--roles', 'HEAD_OF_MANAGED_SERVICES,SECURITY_OFFICER');
    const oneTimePassword = /One-time password[^:]*: (\S+)/.exec(stdout)![1]!;
    const uri = new URL(/(otpauth:\/\/\S+)/.exec(stdout)![1]!);
    expect(uri.searchParams.get('issuer')).toBe('Vigil');
    const admin = new StaffSession(platform.url('api-gateway'), 'ada@vigil.test', base32Decode(uri.searchParams.get('secret')!));

    const first = await admin.accessToken(oneTimePassword);
    expect(first.passwordChangeRequired).toBe(true); // the one-time password must go
    expect((await changePassword(first.accessToken, oneTimePassword, 'Quartz-Meadow-91!')).status).toBe(200);
    const audit = await platform.query<{ action: string }>(`SELECT action FROM identity.audit_log WHERE actor = 'system:cli'`);
    expect(audit.map((a) => a.action)).toEqual(['staff.created']);
  });

  it('issue 12: slows down failed sign-ins and then locks out the address they come from, even for the right password, answering like a wrong password; the owner elsewhere still signs in', async () => {
    const attacker = { 'x-forwarded-for': '198.51.100.7' };
    const failures: number[] = [];
    let firstRefusal = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await session.signInWithCode('Wrong-password-1!', '123456', attacker);
      failures.push(response.status);
      firstRefusal ||= await response.text();
      await new Promise((resolve) => setTimeout(resolve, 1_100 * 2 ** attempt)); // wait out the growing slow-down
    }
    expect(failures).toEqual([401, 401, 401]);
    // Locked out: from that address even the right password and code are refused, with the same answer as a wrong password.
    const locked = await session.signIn(password, attacker);
    expect(locked.status).toBe(401);
    expect(await locked.text()).toBe(firstRefusal);
    const [row] = await platform.query<{ failures: number; locked_for: number }>(
      `SELECT failures, extract(epoch FROM blocked_until - now())::int AS locked_for FROM identity.sign_in_failures WHERE account = $1 AND client_address = '198.51.100.7'`,
      [`staff:${DEMO.staffEmail}`],
    );
    expect(row!.failures).toBe(3);
    expect(row!.locked_for).toBeGreaterThan(14 * 60); // the 15-minute lock
    // The owner, at their own address, is not kept out by someone else's failures.
    expect((await session.signIn(password)).status).toBe(200);
  });
});
