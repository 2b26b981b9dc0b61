/**
 * Tickets benchmark (issues 4 and 19): against a running platform (`npm start`),
 * loads 100,000 tickets across 50 customers and prints side by side
 *   1. this run's ceilings: the gateway's bare route (HTTP only), the gateway
 *      with authentication and one NATS request/reply reading one ticket, a
 *      Postgres commit of one row per transaction (what every create pays at
 *      least), and the work-queue and search SQL run straight on Postgres
 *      (again right before the settled reads, which it is the ceiling of);
 *   2. Vigil: tickets created through the gateway (rate, p50/p99), the work
 *      queue and text search through the gateway, both while the creations'
 *      follow-up work (workflow starts, events, emails) drains and after;
 *   3. the ratios of 2 to 1.
 * Run: `npm run bench:tickets` (settings: BENCH_* below) against a platform
 * started with `GATEWAY_RATE_LIMIT_MAX=1000000` (the benchmark is one client
 * address, and the default allows it 600 requests a minute).
 *
 * Most tickets are bulk-inserted with SQL (standing for the history a
 * provider already has); BENCH_GATEWAY_TICKETS of them are created through
 * the gateway like a portal would, and those are what the rates measure.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { privateKeyFromPem, signAccessToken } from '@vigil/platform-auth';
import { cpuPerOperation, cpuSeconds, gcPauses, gcPausesBetween, inParallel, machineCpu, ms, percentile, processMemory, withoutInterval } from '../support/measure';

const TOTAL = Number(process.env['BENCH_TICKETS'] ?? 100_000);
const VIA_GATEWAY = Number(process.env['BENCH_GATEWAY_TICKETS'] ?? 5_000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
/** Created through the gateway before the measured ones, their follow-up drained: JIT, pools and named statements warm, as in a running service. */
const WARM_UP_TICKETS = Number(process.env['BENCH_WARM_UP_TICKETS'] ?? 300);
const QUEUE_QUERIES = Number(process.env['BENCH_QUEUE_QUERIES'] ?? 300);
const CEILING_REQUESTS = Number(process.env['BENCH_CEILING_REQUESTS'] ?? 3_000);
/** Ticketing's pool size: the Postgres commit ceiling uses as many connections as the service may. */
const POOL_SIZE = 10;
const CUSTOMERS = 50;
const GATEWAY = new URL(process.env['BENCH_GATEWAY_URL'] ?? 'http://127.0.0.1:3000');
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/vigil';
/** The two processes on a read's path, whose GC pauses the read probes report. */
const METRICS = {
  gateway: `http://127.0.0.1:${process.env['API_GATEWAY_METRICS_PORT'] ?? 9400}/metrics`,
  ticketing: `http://127.0.0.1:${process.env['TICKETING_METRICS_PORT'] ?? 9420}/metrics`,
};

const rate = (count: number, seconds: number) => `${Math.round(count / seconds).toLocaleString('en')}/s`;
const latencies = (sorted: number[]) => `p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}`;

function staffToken(): Promise<string> {
  const pem = Buffer.from(process.env['IDENTITY_SIGNING_KEY'] ?? '', 'base64').toString('utf8');
  if (!pem.includes('PRIVATE KEY')) throw new Error('IDENTITY_SIGNING_KEY missing: run through `npm run bench:tickets` after `npm start`');
  const now = Math.floor(Date.now() / 1000);
  return signAccessToken({ sub: randomUUID(), sid: randomUUID(), kind: 'staff', roles: ['SUPPORT_ENGINEER'], email: 'bench@vigil.local', iat: now, exp: now + 3600 }, privateKeyFromPem(pem));
}

/** Plain keep-alive HTTP: fetch costs the load generator several times more CPU per request, and it shares the 2 cores. */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function call(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: GATEWAY.hostname, port: GATEWAY.port, path, method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function timed(send: () => Promise<number>, expected: number): Promise<number> {
  const started = performance.now();
  const status = await send();
  if (status === 429) throw new Error('the gateway rate-limited the benchmark: start the platform with GATEWAY_RATE_LIMIT_MAX=1000000');
  if (status !== expected) throw new Error(`expected ${expected}, got ${status}`);
  return performance.now() - started;
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

/** One committed single-row INSERT per transaction, CONCURRENCY callers over POOL_SIZE connections: the fsync-bound floor of a create. */
async function postgresCommitCeiling(): Promise<{ rate: number; sorted: number[] }> {
  const pool = new Pool({ connectionString: DATABASE_URL, max: POOL_SIZE });
  await pool.query(`CREATE TABLE IF NOT EXISTS public.bench_ticket_commits (id uuid PRIMARY KEY, customer_id uuid NOT NULL, title text NOT NULL, created_at timestamptz NOT NULL)`);
  const run = await inParallel(CEILING_REQUESTS, CONCURRENCY, () =>
    timed(async () => {
      await pool.query(`INSERT INTO public.bench_ticket_commits VALUES ($1, $2, 'Bench commit', now())`, [randomUUID(), randomUUID()]);
      return 0;
    }, 0),
  );
  await pool.query(`DROP TABLE public.bench_ticket_commits`);
  await pool.end();
  return { rate: CEILING_REQUESTS / run.seconds, sorted: run.latencies };
}

/** The work queue's and the search's first page as the database answers them, without gateway or RPC. */
const RAW_QUEUE_SQL = `SELECT * FROM ticketing.tickets WHERE status NOT IN ('RESOLVED', 'CLOSED')
  ORDER BY queue_rank, COALESCE(sla_due_at, 'infinity'::timestamptz), created_at, id LIMIT 51`;
const RAW_SEARCH_SQL = `SELECT * FROM (SELECT * FROM ticketing.tickets WHERE search @@ websearch_to_tsquery('simple', $1) OFFSET 0) AS matches
  ORDER BY created_at DESC, id DESC LIMIT 51`;

async function rawQueries(): Promise<{ queue: number[]; search: number[] }> {
  const pool = new Pool({ connectionString: DATABASE_URL, max: 4 });
  // Connected first, as Vigil's pools are: a connection's start-up is not a query's time.
  const clients = await Promise.all(Array.from({ length: 4 }, () => pool.connect()));
  await Promise.all(clients.map((client) => client.query(RAW_QUEUE_SQL)));
  clients.forEach((client) => client.release());
  const queue = await inParallel(QUEUE_QUERIES, 4, () => timed(async () => (await pool.query(RAW_QUEUE_SQL), 0), 0));
  const search = await inParallel(QUEUE_QUERIES, 4, (i) => timed(async () => (await pool.query(RAW_SEARCH_SQL, [`ticket ${i * 7}`]), 0), 0));
  await pool.end();
  return { queue: queue.latencies, search: search.latencies };
}

/**
 * Seconds until ticketing has delivered every workflow command that is due and published every event of the
 * run, and notifications has sent every email (polled; a figure, not a test). A new ticket's timers start held
 * in the outbox until shortly before its deadline (decision 0037) is not due.
 */
async function drained(db: Client): Promise<number> {
  const started = performance.now();
  for (;;) {
    const [{ pending }] = (await db.query(
      `SELECT (SELECT count(*) FROM ticketing.workflow_commands WHERE delivered_at IS NULL AND abandoned_at IS NULL AND hand_over_at IS NULL)
            + (SELECT count(*) FROM ticketing.outbox WHERE published_at IS NULL AND abandoned_at IS NULL)
            + (SELECT count(*) FROM notifications.emails WHERE sent_at IS NULL) AS pending`,
    )).rows as Array<{ pending: string }>;
    if (Number(pending) === 0 || performance.now() - started > 600_000) return (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function main(): Promise<void> {
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const token = await staffToken();
  const auth = { authorization: `Bearer ${token}` };
  const json = { ...auth, 'content-type': 'application/json' };

  const customers = await seedCustomers(db);
  // At least one, so the read ceiling has a ticket to read when every ticket is to be created through the gateway.
  const bulk = Math.max(1, TOTAL - VIA_GATEWAY - WARM_UP_TICKETS);
  const bulkSeconds = await bulkLoad(db, customers, bulk);
  console.log(`bulk-loaded ${bulk} tickets with SQL in ${bulkSeconds.toFixed(1)} s`);
  const [{ id: someTicket }] = (await db.query(`SELECT id FROM ticketing.tickets WHERE customer_id = ANY($1::uuid[]) LIMIT 1`, [customers])).rows as Array<{ id: string }>;

  console.log(`\nceilings of this run (every process of the platform sharing this machine):`);
  const bare = await inParallel(CEILING_REQUESTS, CONCURRENCY, () => timed(() => call('GET', '/health/live', {}), 200));
  console.log(`  gateway bare route (GET /health/live), concurrency ${CONCURRENCY}: ${rate(CEILING_REQUESTS, bare.seconds)}; ${latencies(bare.latencies)}`);
  const read = await inParallel(CEILING_REQUESTS, CONCURRENCY, () => timed(() => call('GET', `/v1/tickets/${someTicket}`, auth), 200));
  console.log(`  gateway + auth + RPC + one-row read (GET /v1/tickets/{id}), concurrency ${CONCURRENCY}: ${rate(CEILING_REQUESTS, read.seconds)}; ${latencies(read.latencies)}`);
  const commits = await postgresCommitCeiling();
  console.log(`  Postgres one-row INSERT per transaction, concurrency ${CONCURRENCY} over ${POOL_SIZE} connections: ${rate(commits.rate, 1)}; ${latencies(commits.sorted)}`);
  const raw = await rawQueries();
  console.log(`  work-queue SQL straight on Postgres, concurrency 4: ${latencies(raw.queue)}`);
  console.log(`  search SQL straight on Postgres (fenced GIN lookup), concurrency 4: ${latencies(raw.search)}`);

  console.log(`\nVigil through the gateway (${GATEWAY.origin}):`);
  const severities = ['S1', 'S2', 'S3', 'S4'];
  const createTicket = (i: number) =>
    timed(
      () =>
        call('POST', '/v1/tickets', json, JSON.stringify({ customerId: customers[i % customers.length], severity: severities[i % 4], title: `Bench ticket ${i}`, description: 'Created through the gateway' })),
      201,
    );
  const gcOnRequestPath = async () => {
    const [gateway, ticketing] = await Promise.all([gcPauses(METRICS.gateway), gcPauses(METRICS.ticketing)]);
    return { gateway, ticketing };
  };
  const gc = (from: Awaited<ReturnType<typeof gcOnRequestPath>>, to: Awaited<ReturnType<typeof gcOnRequestPath>>) =>
    `gateway ${gcPausesBetween(from.gateway, to.gateway)}; ticketing ${gcPausesBetween(from.ticketing, to.ticketing)}`;
  if (WARM_UP_TICKETS > 0) {
    await inParallel(WARM_UP_TICKETS, CONCURRENCY, (i) => createTicket(VIA_GATEWAY + i));
    const warmUpDrained = await drained(db);
    console.log(`  warm-up (not measured): ${WARM_UP_TICKETS} tickets created, their follow-up drained ${warmUpDrained.toFixed(1)} s later`);
  }
  const gcBeforeCreating = await gcOnRequestPath();
  const cpuBefore = cpuSeconds();
  const create = await inParallel(VIA_GATEWAY, CONCURRENCY, createTicket);
  const createRate = VIA_GATEWAY / create.seconds;
  const createCpu = cpuPerOperation(cpuBefore, cpuSeconds(), VIA_GATEWAY, 'ms');
  console.log(`  create: ${VIA_GATEWAY} tickets, concurrency ${CONCURRENCY}: ${rate(createRate, 1)}; ${latencies(create.latencies)}`);
  console.log(`  CPU per creation while creating, every process of this machine: ${createCpu.text}`);
  // With 32 in flight, one pause of either process delays about 1 % of the creations at once: it is the p99.
  console.log(`    GC pauses while creating: ${gc(gcBeforeCreating, await gcOnRequestPath())}`);
  /** The probes, with the GC pauses the two processes on their path took meanwhile: one long pause decides a p99 of 300 probes. */
  const readQueues = async () => {
    const gcBefore = await gcOnRequestPath();
    const queue = (await inParallel(QUEUE_QUERIES, 4, () => timed(() => call('GET', '/v1/tickets/work-queue?limit=50', auth), 200))).latencies;
    const gcBetween = await gcOnRequestPath();
    const search = (await inParallel(QUEUE_QUERIES, 4, (i) => timed(() => call('GET', `/v1/tickets?text=${encodeURIComponent(`ticket ${i * 7}`)}&limit=50`, auth), 200))).latencies;
    const gcAfter = await gcOnRequestPath();
    return { queue, search, gc: { queue: gc(gcBefore, gcBetween), search: gc(gcBetween, gcAfter) } };
  };
  const readsBefore = cpuSeconds();
  const during = await readQueues();
  const readsAfter = cpuSeconds();
  console.log(`  right after the creations (their workflow starts, events and emails still draining), concurrency 4:`);
  console.log(`    work queue (limit 50): ${latencies(during.queue)}; text search (limit 50): ${latencies(during.search)}`);
  console.log(`    GC pauses during the work-queue probes: ${during.gc.queue}`);
  console.log(`    GC pauses during the search probes: ${during.gc.search}`);
  const drainSeconds = await drained(db);
  console.log(`  ticketing delivered every workflow command due and every event, and notifications sent every email, ${drainSeconds.toFixed(1)} s after the last creation`);
  // All a creation costs, its follow-up work included (the reads above left out): what bounds the sustained rate.
  const wholeCpu = cpuPerOperation(cpuBefore, withoutInterval(cpuSeconds(), readsBefore, readsAfter), VIA_GATEWAY, 'ms');
  console.log(`  CPU per creation until its due workflow commands, events and email were done: ${wholeCpu.text}`);
  const held = Number(((await db.query(`SELECT count(*) AS n FROM ticketing.workflow_commands WHERE hand_over_at IS NOT NULL AND delivered_at IS NULL AND abandoned_at IS NULL`)).rows[0] as { n: string }).n);
  // Not counted above: each such start reaches Temporal shortly before its deadline unless the ticket changes first (decision 0037).
  console.log(`  timers starts held in ticketing's outbox until shortly before their deadlines: ${held}`);
  // The ceiling again, at the same moment: the table has grown and Postgres has done the creations' writes since the first.
  const rawSettled = await rawQueries();
  console.log(`  then, straight on Postgres, concurrency 4: work-queue SQL ${latencies(rawSettled.queue)}; search SQL ${latencies(rawSettled.search)}`);
  const settled = await readQueues();
  console.log(`  then through the gateway, concurrency 4: work queue (limit 50): ${latencies(settled.queue)}; text search (limit 50): ${latencies(settled.search)}`);
  console.log(`    GC pauses during the work-queue probes: ${settled.gc.queue}`);
  console.log(`    GC pauses during the search probes: ${settled.gc.search}`);
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM ticketing.tickets`)).rows as Array<{ n: number }>;
  console.log(`  tickets in ticketing: ${n} across ${CUSTOMERS} bench customers`);
  console.log(`  ticketing process memory: ${processMemory('services/ticketing/src/main.ts')}`);
  await db.end();
  agent.destroy();

  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  console.log('\nratios:');
  console.log(`  create rate / Postgres commit ceiling: ${ratio(createRate, commits.rate)}; / RPC read ceiling: ${ratio(createRate, CEILING_REQUESTS / read.seconds)}; / bare route: ${ratio(createRate, CEILING_REQUESTS / bare.seconds)}`);
  console.log(`  create p99 / RPC read p99: ${ratio(percentile(create.latencies, 99), percentile(read.latencies, 99))}`);
  // The most creations a second the cores could give at that CPU per creation, were nothing else running.
  const { cores, perSecond: capacity } = machineCpu('ms');
  const allowed = capacity / createCpu.total;
  console.log(`  create rate / what ${cores} cores allow at ${createCpu.total.toFixed(2)} ms of CPU per creation (${Math.round(allowed)}/s): ${ratio(createRate, allowed)}; 300/s needs ≤ ${(capacity / 300).toFixed(2)} ms`);
  console.log(`  sustained: ${cores} cores allow ${Math.round(capacity / wholeCpu.total)}/s at ${wholeCpu.total.toFixed(2)} ms per creation with its follow-up work (tickets that change before their held timers start is handed over)`);
  console.log(`  work queue p99 / raw SQL p99 before the creations: ${ratio(percentile(during.queue, 99), percentile(raw.queue, 99))} (draining), ${ratio(percentile(settled.queue, 99), percentile(raw.queue, 99))} (settled); settled / raw SQL p99 just before it: ${ratio(percentile(settled.queue, 99), percentile(rawSettled.queue, 99))}`);
  console.log(`  search p99 / raw SQL p99 before the creations: ${ratio(percentile(during.search, 99), percentile(raw.search, 99))} (draining), ${ratio(percentile(settled.search, 99), percentile(raw.search, 99))} (settled); settled / raw SQL p99 just before it: ${ratio(percentile(settled.search, 99), percentile(rawSettled.search, 99))}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
