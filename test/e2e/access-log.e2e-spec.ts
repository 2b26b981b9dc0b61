import { testClock } from '../support/clock';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { ACCESS_LOG_RETENTION_SCHEDULE } from '@vigil/workflow-contracts';
import { privateKeyFromPem, signAccessToken } from '@vigil/platform-auth';
import { eventually } from '@vigil/testing';
import { TestPlatform } from '../support/platform';

/** ACC-2: every API request is logged (who, what, result, when) and purged after four weeks by a Temporal schedule. */
describe('access log', () => {
  let platform: TestPlatform;
  let temporal: Client;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['identity', 'api-gateway'] });
    temporal = await platform.temporalClient();
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  type Row = { method: string; path: string; status: number; actor: string | null; duration_ms: string; trace_id: string | null };

  it('logs every API request with who, what, result and when; health probes are not API requests', async () => {
    const staffId = randomUUID();
    const now = Math.floor(testClock.nowMs() / 1000);
    const token = await signAccessToken({ sub: staffId, sid: randomUUID(), kind: 'staff', roles: ['SECURITY_OFFICER'], iat: now, exp: now + 60 }, privateKeyFromPem(platform.signingKeyPem));
    const gateway = platform.url('api-gateway');
    const traceId = randomUUID().replace(/-/g, '');
    const refused = await fetch(`${gateway}/v1/tickets?customerId=secret-filter`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/); // refused by the guard, still named
    expect((await fetch(`${gateway}/v1/audit/identity`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await fetch(`${gateway}/health/ready`);

    const rows = await eventually('both requests in the access log', async () => {
      const found = await platform.query<Row>(`SELECT method, path, status, actor, duration_ms, trace_id FROM gateway.access_log ORDER BY id`);
      return found.filter((r) => r.path !== '/v1/routes').length >= 2 ? found : undefined;
    });
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'GET', path: '/v1/tickets', status: 401, actor: null, trace_id: traceId }), // the caller's trace
        expect.objectContaining({ method: 'GET', path: '/v1/audit/identity', status: 200, actor: `staff:${staffId}` }),
      ]),
    );
    expect(rows.some((r) => r.path.startsWith('/health'))).toBe(false);
    expect(rows.some((r) => r.path.includes('secret-filter'))).toBe(false); // query strings are not kept
  });

  it('a nightly schedule purges entries older than 28 days and keeps the rest', async () => {
    const schedule = temporal.schedule.getHandle(ACCESS_LOG_RETENTION_SCHEDULE);
    const description = await eventually('the retention schedule', () => schedule.describe().catch(() => undefined));
    expect(description.spec.calendars?.length ?? description.spec.intervals?.length ?? 0).toBeGreaterThan(0);

    await platform.query(
      `INSERT INTO gateway.access_log (at, method, path, status, duration_ms) VALUES
         ($1::timestamptz - interval '29 days', 'GET', '/v1/old', 200, 1),
         ($1::timestamptz - interval '60 days', 'GET', '/v1/older', 200, 1),
         ($1::timestamptz - interval '27 days', 'GET', '/v1/recent-enough', 200, 1)`,
      [testClock.now()],
    );
    await schedule.trigger();
    await eventually('the old entries to be purged', async () => {
      const old = await platform.query(`SELECT id FROM gateway.access_log WHERE path IN ('/v1/old', '/v1/older')`);
      return old.length === 0 ? true : undefined;
    });
    expect(await platform.query(`SELECT id FROM gateway.access_log WHERE path = '/v1/recent-enough'`)).toHaveLength(1);
    expect(await platform.query(`SELECT id FROM gateway.access_log WHERE path = '/v1/audit/identity'`)).toHaveLength(1);
  });
});
