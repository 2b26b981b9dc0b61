import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ticketing's customers and environments become a read model of the
 * customers service (issue 13): each row remembers the revision it holds, so
 * an older or repeated event changes nothing, and how many open tickets'
 * due times the last applied revision moved (the answer to a repeat).
 */
export class CustomerDirectoryReadModel1764200100000 implements MigrationInterface {
  name = 'CustomerDirectoryReadModel1764200100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ticketing.customers ADD COLUMN revision integer NOT NULL DEFAULT 0, ADD COLUMN tickets_rescheduled integer`);
    await q.query(`ALTER TABLE ticketing.environments ADD COLUMN revision integer NOT NULL DEFAULT 0, ADD COLUMN retired_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ticketing.environments DROP COLUMN retired_at, DROP COLUMN revision`);
    await q.query(`ALTER TABLE ticketing.customers DROP COLUMN tickets_rescheduled, DROP COLUMN revision`);
  }
}
