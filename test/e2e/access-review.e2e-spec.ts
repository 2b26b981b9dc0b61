import { testClock } from '../support/clock';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { ACCESS_REVIEW_SCHEDULE } from '@vigil/workflow-contracts';
import { privateKeyFromPem, signAccessToken } from '@vigil/platform-auth';
import { eventually } from '@vigil/testing';
import { previousMonth } from '../../workflows/housekeeping/src/monthly-access-review.workflow';
import { DEMO, TestPlatform } from '../support/platform';

/** ACC-5: a monthly schedule builds the access report, emails it to the team lead, and keeps it for later. */
describe('monthly access review', () => {
  let platform: TestPlatform;
  let temporal: Client;
  let token: string;
  const period = previousMonth(testClock.now());

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['identity', 'notifications', 'api-gateway'] });
    temporal = await platform.temporalClient();
    const now = Math.floor(testClock.nowMs() / 1000);
    token = await signAccessToken({ sub: randomUUID(), sid: randomUUID(), kind: 'staff', roles: ['SUPPORT_TEAM_LEAD'], iat: now, exp: now + 600 }, privateKeyFromPem(platform.signingKeyPem));
    // An account nobody has used since it was created in January, without MFA.
    await platform.query(
      `INSERT INTO identity.staff_users (id, email, display_name, password_hash, roles, created_at, password_changed_at)
       VALUES ($1, 'former.contractor@vigil.local', 'Former Contractor', 'x', '{CLOUD_ARCHITECT}', '2026-01-05', '2026-01-05')`,
      [randomUUID()],
    );
    await platform.query(
      `INSERT INTO identity.integration_keys (id, name, kind, scopes, key_hash, environment_label, issued_by, issued_at)
       VALUES ($1, 'Old Nagios', 'generic', '{alerts:write}', $2, 'environment', 'staff:someone', '2026-02-01')`,
      [randomUUID(), 'f'.repeat(64)],
    );
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const api = async <T>(path: string) => {
    const response = await fetch(`${platform.url('api-gateway')}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as T };
  };

  it('runs on the first of each month and mails the report of who can do what to the team lead', async () => {
    const schedule = temporal.schedule.getHandle(ACCESS_REVIEW_SCHEDULE);
    const description = await eventually('the access review schedule', () => schedule.describe().catch(() => undefined));
    expect(JSON.stringify(description.spec)).toContain('"dayOfMonth":[{"start":1');
    await schedule.trigger();

    const email = await platform.smtp.waitFor('the access review email', (m) => m.to.includes(DEMO.teamLeadEmail) && m.subject.includes('Access review'));
    expect(email.subject).toBe(`[Vigil] Access review ${period}: 1 of 3 accounts need attention`);
    expect(email.text).toContain('- former.contractor@vigil.local (staff): CLOUD_ARCHITECT; last sign-in never; MFA NO; NEEDS ATTENTION: NEVER_SIGNED_IN, NO_MFA, PASSWORD_EXPIRED');
    expect(email.text).toContain(`- ${DEMO.staffEmail} (staff): SUPPORT_TEAM_LEAD; last sign-in never; MFA yes`);
    expect(email.text).toContain('- Old Nagios (alerts:write): issued 2026-02-01T00:00:00.000Z; last used never; NEEDS ATTENTION: UNUSED');
    expect(email.text).toContain(`- ${DEMO.customerUserEmail} (customer ${DEMO.customerId}): CUSTOMER_USER; last sign-in never; MFA NO\n`);
  });

  it('keeps past reports retrievable through the gateway', async () => {
    const list = await api<{ reviews: Array<{ period: string; accounts: number; flagged: number }> }>('/v1/access-reviews');
    expect(list.body.reviews).toEqual([expect.objectContaining({ period, accounts: 3, flagged: 1 })]);
    const report = await api<{ period: string; accounts: Array<{ email: string; roles: string[]; mfaEnrolled: boolean; flags: string[] }> }>(`/v1/access-reviews/${period}`);
    expect(report.body.accounts).toEqual(
      expect.arrayContaining([expect.objectContaining({ email: 'former.contractor@vigil.local', roles: ['CLOUD_ARCHITECT'], mfaEnrolled: false })]),
    );
    expect((await api('/v1/access-reviews/2026-13')).status).toBe(400);
    expect((await api('/v1/access-reviews/1999-01')).status).toBe(404);
  });

  it('a second run for the same month changes nothing and sends nothing new', async () => {
    await temporal.schedule.getHandle(ACCESS_REVIEW_SCHEDULE).trigger();
    await eventually('the second run to finish', async () => {
      const runs = [];
      for await (const run of temporal.workflow.list({ query: `WorkflowType = 'monthlyAccessReview' AND ExecutionStatus = 'Completed'` })) runs.push(run);
      return runs.length >= 2 ? runs : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(platform.smtp.messages.filter((m) => m.subject.includes('Access review'))).toHaveLength(1);
    expect((await api<{ reviews: unknown[] }>('/v1/access-reviews')).body.reviews).toHaveLength(1);
  });
});
