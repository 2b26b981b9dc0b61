import type { DataSource, EntityManager } from 'typeorm';
import { ManualClock } from '@vigil/platform-clock';
import { createServiceDataSource, writeAsOneStatement } from '@vigil/platform-persistence';
import { TransactionClock } from '@vigil/platform-runtime';
import { createTestDatabase } from '@vigil/testing';

/**
 * TransactionClock: every row a unit of work writes carries one "now" — in a
 * transaction and in a unit written as one statement (ticket creation, TKT-2),
 * while the shared manager reads the clock afresh each time.
 */
describe('TransactionClock', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  const clock = new ManualClock('2026-03-29T00:59:59.500Z');
  const time = new TransactionClock(clock);

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await createServiceDataSource({ url: database.url, schema: 'public', entities: [], migrations: [] }).initialize();
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('gives a transaction and a one-statement unit one instant each, and the shared manager a fresh one per call', async () => {
    const seen = async (manager: EntityManager) => {
      const first = time.nowMs(manager);
      clock.advance(1_000);
      await manager.query('SELECT 1');
      return [first, time.nowMs(manager)];
    };
    const start = clock.nowMs();
    expect(await dataSource.transaction(seen)).toEqual([start, start]);
    let unitManager: EntityManager | undefined;
    const inUnit = await writeAsOneStatement(dataSource, (manager) => ((unitManager = manager), seen(manager)));
    expect(inUnit).toEqual([start + 1_000, start + 1_000]);
    expect(await seen(dataSource.manager)).toEqual([start + 2_000, start + 3_000]);
    // Once written, the unit's manager is no longer one moment.
    expect(time.nowMs(unitManager!)).toBe(start + 3_000);
    clock.advance(1);
    expect(time.nowMs(unitManager!)).toBe(start + 3_001);
  });
});
