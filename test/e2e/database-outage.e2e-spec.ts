import { testClock } from '../support/clock';
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { privateKeyFromPem, signAccessToken } from '@vigil/platform-auth';
import { eventually } from '@vigil/testing';
import { TestPlatform } from '../support/platform';

/**
 * While the database is unreachable, gateway reads answer 503 with
 * Retry-After (the service replies UNAVAILABLE, the gateway maps it once),
 * never 502 "internal"; once it is back, the same reads answer 200.
 */
describe('gateway reads while the database is down', () => {
  let platform: TestPlatform;
  let database: string;
  const admin = async (sql: string) => {
    // Another database of the same server: this test's own database is the one being cut off.
    const url = new URL(platform.databaseUrl);
    url.pathname = '/postgres';
    const client = new PgClient({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const listTickets = async () => {
    const now = Math.floor(testClock.nowMs() / 1000);
    const token = await signAccessToken({ sub: randomUUID(), sid: randomUUID(), kind: 'staff', roles: ['SUPPORT_ENGINEER'], iat: now, exp: now + 600 }, privateKeyFromPem(platform.signingKeyPem));
    return fetch(`${platform.url('api-gateway')}/v1/tickets`, { headers: { authorization: `Bearer ${token}` } });
  };

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['identity', 'ticketing', 'api-gateway'], workflowWorker: false });
    database = new URL(platform.databaseUrl).pathname.slice(1);
  }, 120_000);

  afterAll(async () => {
    await admin(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
    await platform?.stop();
  }, 60_000);

  it('answers 503 with Retry-After while Postgres refuses connections, and 200 again after', async () => {
    const before = await listTickets();
    expect(`${before.status} ${await before.text()}`).toMatch(/^200 /);

    // The database goes away for every process: no new connections, existing ones cut.
    await admin(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}'`);

    const unavailable = await eventually('a read to meet the outage', async () => {
      const response = await listTickets();
      return response.status === 200 ? undefined : response;
    });
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('5');
    expect(unavailable.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await unavailable.json()) as { type: string; status: number };
    expect(problem).toMatchObject({ status: 503, type: 'https://vigil.dev/problems/unavailable' });
    // Every read during the outage is a 503, not a 502.
    for (let i = 0; i < 3; i++) expect((await listTickets()).status).toBe(503);

    await admin(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS true`);
    await eventually('reads to work again', async () => ((await listTickets()).status === 200 ? true : undefined));
  });
});
