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
    // A low lock threshold keeps the lockout test short; the policy itself is unit-tested.
    platform = await TestPlatform.start({ services: ['identity', 'ticketing', 'api-gateway'], workflowWorker: false, env: { SIGN_IN_LOCK_AFTER_FAILURES: '3' } });
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

  it('ACC-3: accepts a good new password, then refuses going back to an earlier one, however dressed up', async () => {
    const accessToken = token;
    const next = 'Granite-Lantern-73#';
    expect((await changePassword(accessToken, password, next)).status).toBe(200);
    const back = await changePassword(accessToken, next, `${password.replace(/[0-9]/g, '7')}%9`); // same letters as the first password
    expect(back.status).toBe(400);
    expect(await detail(back)).toContain('TOO_SIMILAR_TO_RECENT');
    password = next;
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

  it('slows down failed sign-ins and then locks the account, even for the right password', async () => {
    const failures: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      failures.push((await session.signInWithCode('Wrong-password-1!', '123456')).status);
      await new Promise((resolve) => setTimeout(resolve, 1_100 * 2 ** attempt)); // wait out the growing slow-down
    }
    expect(failures).toEqual([401, 401, 401]);
    // Locked: refused before any check, so the (otherwise right) password gets 429 whatever the code.
    const locked = await session.signInWithCode(password, '000000');
    expect(locked.status).toBe(429);
    expect(await detail(locked)).toMatch(/try again in \d+ s/);
    const [row] = await platform.query<{ failed_sign_ins: number; locked_for: number }>(
      `SELECT failed_sign_ins, extract(epoch FROM blocked_until - now())::int AS locked_for FROM identity.staff_users WHERE lower(email) = $1`,
      [DEMO.staffEmail],
    );
    expect(row!.failed_sign_ins).toBe(3);
    expect(row!.locked_for).toBeGreaterThan(14 * 60); // the 15-minute lock
  });
});
