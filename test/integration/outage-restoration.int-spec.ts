import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { TransactionClock } from '@vigil/platform-runtime';
import { createServiceDataSource, migrateServiceSchema } from '@vigil/platform-persistence';
import { createDatabase, dropDatabase, uniqueDatabaseName } from '@vigil/testing';
import { ticketingMigrations } from '../../services/ticketing/src/migrations';
import { OutageRepository } from '../../services/ticketing/src/outages/outage.repository';
import { testClock } from '../support/clock';

const STORM = 5_000;

/**
 * MON-2 under an alert storm (issue 19): every resolve asks whether its outage
 * is restored. With thousands of alerts on one outage that question must not
 * read them all each time, or resolves slow down as the storm grows.
 */
describe('outage restoration check', () => {
  const name = uniqueDatabaseName('vigil_outage_restoration');
  let dataSource: DataSource;
  const outages = new OutageRepository(new TransactionClock(testClock));
  const outageId = randomUUID();
  const startedAt = new Date(testClock.nowMs() - 3_600_000);
  const endOf = (i: number) => new Date(startedAt.getTime() + (i + 1) * 1_000);

  beforeAll(async () => {
    const url = await createDatabase(name);
    dataSource = createServiceDataSource({ url, schema: 'ticketing', entities: [], migrations: ticketingMigrations });
    await migrateServiceSchema(dataSource, 'ticketing');
    await dataSource.transaction(async (manager) => {
      // Only the outage's alerts matter here: its ticket, customer and environment rows are left out.
      await manager.query(`SET LOCAL session_replication_role = replica`);
      await manager.query(`INSERT INTO ticketing.outages (id, environment_id, customer_id, ticket_id, started_at) VALUES ($1, $2, $3, $4, $5)`, [
        outageId,
        randomUUID(),
        randomUUID(),
        randomUUID(),
        startedAt,
      ]);
      // A storm's worth of alerts, all resolved but the last one.
      await manager.query(
        `INSERT INTO ticketing.outage_alerts (outage_id, integration_id, fingerprint, status, starts_at, ends_at)
         SELECT $1, $2, 'fp-' || i, CASE WHEN i = $3 - 1 THEN 'firing' ELSE 'resolved' END, $4,
                CASE WHEN i = $3 - 1 THEN NULL ELSE $4::timestamptz + (i + 1) * interval '1 second' END
           FROM generate_series(0, $3 - 1) AS i`,
        [outageId, randomUUID(), STORM, startedAt],
      );
    });
    await dataSource.query(`ANALYZE ticketing.outage_alerts`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(name);
  });

  /** What the check answered, and how many rows of outage_alerts it read, from this transaction's own statistics. */
  async function check(): Promise<{ restoredAt: Date | null; rowsRead: number }> {
    return dataSource.transaction(async (manager: EntityManager) => {
      const restoredAt = await outages.restorationTime(manager, outageId);
      const [stats] = await manager.query(
        `SELECT pg_stat_get_xact_tuples_returned(c.oid)::int + pg_stat_get_xact_tuples_fetched(c.oid)::int AS "rowsRead"
           FROM pg_class c WHERE c.oid = 'ticketing.outage_alerts'::regclass`,
      );
      return { restoredAt, rowsRead: stats.rowsRead };
    });
  }

  it('while one alert of thousands still fires, answers "not restored" from the firing alerts alone', async () => {
    const { restoredAt, rowsRead } = await check();
    expect(restoredAt).toBeNull();
    expect(rowsRead).toBeLessThan(10);
  });

  it('once the last one resolves, answers the latest end of all the outage\'s alerts', async () => {
    const lastEnd = endOf(STORM + 10);
    await dataSource.transaction((manager) =>
      manager.query(`UPDATE ticketing.outage_alerts SET status = 'resolved', ends_at = $2 WHERE outage_id = $1 AND status = 'firing'`, [outageId, lastEnd]),
    );
    expect((await check()).restoredAt?.toISOString()).toBe(lastEnd.toISOString());
    // An earlier end on the last resolve does not move restoration before the latest end seen.
    await dataSource.query(`UPDATE ticketing.outage_alerts SET ends_at = $2 WHERE outage_id = $1 AND fingerprint = $3`, [outageId, endOf(0), `fp-${STORM - 1}`]);
    expect((await check()).restoredAt?.toISOString()).toBe(endOf(STORM - 2).toISOString());
  });
});
