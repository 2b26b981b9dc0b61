import type { DataSource } from 'typeorm';
import { claimLeased, createServiceDataSource, type LeasedClaimOptions } from '@vigil/platform-persistence';
import { createTestDatabase } from '@vigil/testing';

/**
 * claimLeased narrowed to some rows (the email sender's pages-only claim):
 * the filter is a column from a fixed set and a bound value, never SQL text.
 * Against the real notifications.emails table.
 */
describe('claimLeased with a filter', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await createServiceDataSource({ url: database.url, schema: 'notifications', entities: [], migrations: [] }).initialize();
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** Queues `count` emails of `priority` (0 page, 1 routine); returns their ids in queue order. */
  const queue = async (prefix: string, priority: number, count: number): Promise<string[]> =>
    (
      await dataSource.query(
        `INSERT INTO notifications.emails (id, dedupe_key, priority, recipients, subject, body)
         SELECT gen_random_uuid(), $1 || ':' || g, $2, ARRAY['someone@acme.example'], $1 || ' ' || g, 'body'
           FROM generate_series(1, $3) AS g
         RETURNING id`,
        [prefix, priority, count],
      )
    ).map((r: { id: string }) => r.id);
  const claim = (limit: number, options: LeasedClaimOptions) =>
    dataSource.transaction((m) => claimLeased(m, 'notifications.emails', 'sent_at', limit, 60_000, { orderBy: 'priority, seq', ...options }));
  const leased = async () => Number((await dataSource.query(`SELECT count(*) AS n FROM notifications.emails WHERE locked_until IS NOT NULL`))[0].n);
  const clear = () => dataSource.query(`DELETE FROM notifications.emails`);

  afterEach(clear);

  it('claims only the rows whose column equals the value, and leaves the others to an unfiltered claim', async () => {
    const routine = await queue('routine', 1, 3);
    const pages = await queue('page', 0, 2);

    expect((await claim(10, { only: { column: 'priority', equals: 0 } })).sort()).toEqual([...pages].sort());
    // The pages are leased now; only routine rows are left, and the filter finds none of them.
    expect(await claim(10, { only: { column: 'priority', equals: 0 } })).toEqual([]);
    expect((await claim(10, {})).sort()).toEqual([...routine].sort());
  });

  it('binds the value: SQL text in it is not executed but refused as a value', async () => {
    await queue('routine', 1, 2);
    await expect(claim(10, { only: { column: 'priority', equals: '0) OR (true' } })).rejects.toThrow(/invalid input syntax for type smallint/);
    expect(await leased()).toBe(0);
  });

  it('refuses a column outside the fixed set, leasing nothing', async () => {
    await queue('routine', 1, 2);
    const injected = { column: 'priority = 0 OR true --', equals: 0 } as unknown as LeasedClaimOptions['only'];
    await expect(claim(10, { only: injected })).rejects.toThrow('claimLeased cannot filter by "priority = 0 OR true --" (one of: priority)');
    expect(await leased()).toBe(0);
  });
});
