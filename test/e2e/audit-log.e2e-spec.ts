import { testClock } from '../support/clock';
import { randomUUID } from 'node:crypto';
import { privateKeyFromPem, signAccessToken } from '@vigil/platform-auth';
import { eventually } from '@vigil/testing';
import { DEMO, TestPlatform } from '../support/platform';
import { StaffSession } from '../support/staff-session';

interface Verification {
  entries: number;
  intact: boolean;
  witness: { position: number } | null;
  problems: Array<{ position: number; problem: string }>;
}

/**
 * ACC-1: identity's actions land in a hash-chained, append-only audit log that
 * staff read through the gateway; editing, deleting or truncating rows
 * directly in Postgres is detected by the verification endpoint.
 */
describe('audit log', () => {
  let platform: TestPlatform;
  let auditorToken: string;
  let failedSignInRequestId: string | null;
  let signInRequestId: string | null;
  let signOutRequestId: string | null;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['identity', 'api-gateway'], workflowWorker: false });
    const now = Math.floor(testClock.nowMs() / 1000);
    auditorToken = await signAccessToken(
      { sub: randomUUID(), sid: randomUUID(), kind: 'staff', roles: ['SECURITY_OFFICER'], iat: now, exp: now + 600 },
      privateKeyFromPem(platform.signingKeyPem),
    );
    // Three audited actions: a failed sign-in, a sign-in, a sign-out.
    const session = new StaffSession(platform.url('api-gateway'), DEMO.staffEmail, platform.staffTotpSecret);
    failedSignInRequestId = (await session.signInWithCode('Wrong-password-1!', '000000')).headers.get('x-request-id');
    await new Promise((resolve) => setTimeout(resolve, 600)); // past the slow-down
    const signIn = await session.signIn(platform.staffPassword);
    signInRequestId = signIn.headers.get('x-request-id');
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const signOut = await fetch(`${platform.url('api-gateway')}/v1/auth/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'x-request-id': 'console-req-0042' } });
    signOutRequestId = signOut.headers.get('x-request-id');
    expect(signOutRequestId).toBe('console-req-0042'); // a caller's own id is kept
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const get = async <T>(path: string, token = auditorToken): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${platform.url('api-gateway')}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as T };
  };
  const verification = async () => (await get<Verification>('/v1/audit/identity/verification')).body;
  /** Tampering as a database superuser would: with the append-only triggers switched off. */
  const tamper = (sql: string) => platform.query(`BEGIN; ALTER TABLE identity.audit_log DISABLE TRIGGER USER; ${sql}; ALTER TABLE identity.audit_log ENABLE TRIGGER USER; COMMIT;`);

  it('records who did what to what, readable and filterable by staff allowed to', async () => {
    const all = await get<{ entries: Array<{ position: number; actor: string; action: string; target: string; traceId: string | null; requestId: string | null }> }>('/v1/audit/identity');
    expect(all.status).toBe(200);
    expect(all.body.entries.map((e) => e.action)).toEqual(['staff.signed-out', 'staff.signed-in', 'staff.sign-in-failed']);
    expect(all.body.entries.every((e) => e.actor.startsWith('staff:') && e.traceId)).toBe(true);
    // The request that caused each entry is named: the id the gateway answered with.
    expect(all.body.entries.map((e) => e.requestId)).toEqual([signOutRequestId, signInRequestId, failedSignInRequestId]);

    const filtered = await get<{ entries: Array<{ action: string }> }>('/v1/audit/identity?action=staff.signed-in');
    expect(filtered.body.entries.map((e) => e.action)).toEqual(['staff.signed-in']);

    const now = Math.floor(testClock.nowMs() / 1000);
    const engineer = await signAccessToken({ sub: randomUUID(), sid: randomUUID(), kind: 'staff', roles: ['SUPPORT_ENGINEER'], iat: now, exp: now + 60 }, privateKeyFromPem(platform.signingKeyPem));
    expect((await get('/v1/audit/identity', engineer)).status).toBe(403);
    expect((await get('/v1/audit/no-such-service')).status).toBe(404);
  });

  it('verifies intact, with the chain head witnessed outside the database', async () => {
    const result = await eventually('the witness to catch up', async () => {
      const v = await verification();
      return v.witness?.position === 3 ? v : undefined;
    });
    expect(result).toMatchObject({ entries: 3, intact: true, problems: [] });
  });

  it('cannot be changed by the application: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await expect(platform.query(`UPDATE identity.audit_log SET actor = 'staff:nobody' WHERE position = 2`)).rejects.toThrow(/append-only/);
    await expect(platform.query(`DELETE FROM identity.audit_log WHERE position = 2`)).rejects.toThrow(/append-only/);
    await expect(platform.query(`TRUNCATE identity.audit_log`)).rejects.toThrow(/append-only/);
  });

  it('detects an entry edited behind its back', async () => {
    await tamper(`UPDATE identity.audit_log SET actor = 'staff:someone-else' WHERE position = 2`);
    expect(await verification()).toMatchObject({ intact: false, problems: [{ position: 2, problem: 'CONTENT_CHANGED' }] });
  });

  it('detects a deleted entry', async () => {
    await tamper(`DELETE FROM identity.audit_log WHERE position = 1`);
    const result = await verification();
    expect(result.intact).toBe(false);
    expect(result.problems).toEqual(expect.arrayContaining([{ position: 1, problem: 'MISSING' }, { position: 2, problem: 'LINK_BROKEN' }]));
  });

  it('detects a truncated log through the witness', async () => {
    await tamper(`TRUNCATE identity.audit_log`);
    expect(await verification()).toMatchObject({ entries: 0, intact: false, problems: [{ position: 1, problem: 'TAIL_MISSING' }] });
  });
});
