/**
 * Tickets benchmark (issue 4): against a running platform (`npm start`), loads
 * 100,000 tickets across 50 customers and prints creation throughput and
 * latency through the gateway, work-queue latency, and the ticketing
 * process's memory. Run: `npm run bench:tickets` (settings: BENCH_* below).
 *
 * Most tickets are bulk-inserted with SQL (standing for the history a
 * provider already has); BENCH_GATEWAY_TICKETS of them are created through
 * the gateway like a portal would, and those are what the rates measure.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { privateKeyFromPem, signAccessToken } from '@vigil/platform-auth';
import { inParallel, ms, percentile, processMemory } from '../support/measure';

const TOTAL = Number(process.env['BENCH_TICKETS'] ?? 100_000);
const VIA_GATEWAY = Number(process.env['BENCH_GATEWAY_TICKETS'] ?? 5_000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
const QUEUE_QUERIES = Number(process.env['BENCH_QUEUE_QUERIES'] ?? 300);
const CUSTOMERS = 50;
const GATEWAY = process.env['BENCH_GATEWAY_URL'] ?? 'http://127.0.0.1:3000';
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/vigil';

function staffToken(): Promise<string> {
  const pem = Buffer.from(process.env['IDENTITY_SIGNING_KEY'] ?? '', 'base64').toString('utf8');
  if (!pem.includes('PRIVATE KEY')) throw new Error('IDENTITY_SIGNING_KEY missing: run through `npm run bench:tickets` after `npm start`');
  const now = Math.floor(Date.now() / 1000);
  return signAccessToken({ sub: randomUUID(), sid: randomUUID(), kind: 'staff', roles: ['SUPPORT_ENGINEER'], email: 'bench@vigil.local', iat: now, exp: now + 3600 }, privateKeyFromPem(pem));
}

async function seedCustomers(db: Client): Promise<string[]> {
  const ids = Array.from({ length: CUSTOMERS }, () => randomUUID());
  for (const [i, id] of ids.entries()) {
    await db.query(`INSERT INTO ticketing.customers (id, name, contact_email, time_zone, coverage) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      `Bench customer ${i}`,
      `ops-${i}@bench.example`,
      i % 2 ? 'Europe/Berlin' : 'America/New_York',
      i % 5 === 0 ? '24x7' : 'BUSINESS_HOURS',
    ]);
  }
  return ids;
}

/** The historical bulk: realistic spread of severities, statuses and due times, with their creation history rows. */
async function bulkLoad(db: Client, customers: string[], count: number): Promise<number> {
  const started = performance.now();
  const batch = 10_000;
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    await db.query(
      `WITH rows AS (
         SELECT gen_random_uuid() AS id, ($1::uuid[])[1 + (g % $2)] AS customer_id, g,
                (ARRAY['S1','S2','S3','S3','S4','S4'])[1 + g % 6] AS severity,
                (ARRAY['SUBMITTED','IN_PROGRESS','WAITING_FOR_CUSTOMER','WAITING_FOR_THIRD_PARTY','RESOLVED','CLOSED','CLOSED','CLOSED'])[1 + g % 8] AS status,
                now() - (g % 20000) * interval '1 minute' AS created_at
           FROM generate_series(1, $3) AS g),
       inserted AS (
         INSERT INTO ticketing.tickets (id, customer_id, type, severity, status, title, description, reporter, reporter_email,
                                        created_at, updated_at, sla_target_minutes, sla_state, sla_due_at, sla_breached_at)
         SELECT id, customer_id, 'SUPPORT', severity, status, 'Bulk ticket ' || g, 'Loaded by the benchmark', 'system:bench', 'bulk@bench.example',
                created_at, created_at, 240,
                CASE WHEN status IN ('SUBMITTED', 'IN_PROGRESS') THEN 'RUNNING' WHEN status = 'WAITING_FOR_THIRD_PARTY' THEN 'PAUSED' ELSE 'STOPPED' END,
                CASE WHEN status IN ('SUBMITTED', 'IN_PROGRESS') THEN created_at + interval '4 hours' END,
                CASE WHEN status IN ('SUBMITTED', 'IN_PROGRESS') AND g % 7 = 0 THEN created_at + interval '4 hours' END
           FROM rows RETURNING id, created_at)
       INSERT INTO ticketing.ticket_history (ticket_id, at, actor, action, field, to_value)
       SELECT id, created_at, 'system:bench', 'created', 'status', 'SUBMITTED' FROM inserted`,
      [customers, customers.length, n],
    );
  }
  await db.query('ANALYZE ticketing.tickets');
  return (performance.now() - started) / 1000;
}

async function timed(request: () => Promise<Response>, expected: number): Promise<number> {
  const started = performance.now();
  const response = await request();
  await response.arrayBuffer();
  if (response.status !== expected) throw new Error(`expected ${expected}, got ${response.status}`);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const token = await staffToken();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  const customers = await seedCustomers(db);
  const bulkSeconds = await bulkLoad(db, customers, Math.max(0, TOTAL - VIA_GATEWAY));
  console.log(`bulk-loaded ${Math.max(0, TOTAL - VIA_GATEWAY)} tickets with SQL in ${bulkSeconds.toFixed(1)} s`);

  const severities = ['S1', 'S2', 'S3', 'S4'];
  const create = await inParallel(VIA_GATEWAY, CONCURRENCY, (i) =>
    timed(
      () =>
        fetch(`${GATEWAY}/v1/tickets`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ customerId: customers[i % customers.length], severity: severities[i % 4], title: `Bench ticket ${i}`, description: 'Created through the gateway' }),
        }),
      201,
    ),
  );
  const queue = await inParallel(QUEUE_QUERIES, 4, () => timed(() => fetch(`${GATEWAY}/v1/tickets/work-queue?limit=50`, { headers }), 200));
  const search = await inParallel(QUEUE_QUERIES, 4, (i) => timed(() => fetch(`${GATEWAY}/v1/tickets?text=${encodeURIComponent(`ticket ${i * 7}`)}&limit=50`, { headers }), 200));
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM ticketing.tickets`)).rows as Array<{ n: number }>;
  await db.end();

  console.log('');
  console.log(`tickets in ticketing: ${n} across ${CUSTOMERS} bench customers`);
  console.log(`create through the gateway: ${VIA_GATEWAY} tickets, concurrency ${CONCURRENCY}: ${(VIA_GATEWAY / create.seconds).toFixed(0)} tickets/s; p50 ${ms(percentile(create.latencies, 50))}, p99 ${ms(percentile(create.latencies, 99))}`);
  console.log(`work queue (limit 50), concurrency 4: p50 ${ms(percentile(queue.latencies, 50))}, p99 ${ms(percentile(queue.latencies, 99))}`);
  console.log(`text search (limit 50), concurrency 4: p50 ${ms(percentile(search.latencies, 50))}, p99 ${ms(percentile(search.latencies, 99))}`);
  console.log(`ticketing process memory: ${processMemory('services/ticketing/src/main.ts')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
