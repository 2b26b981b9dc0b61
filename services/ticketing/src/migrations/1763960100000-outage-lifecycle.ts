import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outages end at restoration or when staff close them (MON-3); availability
 * per month is measured against each customer's contracted uptime (MON-4).
 */
export class OutageLifecycle1763960100000 implements MigrationInterface {
  name = 'OutageLifecycle1763960100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ticketing.outages ADD COLUMN closed_at timestamptz, ADD COLUMN acknowledged_at timestamptz`);
    await q.query(`DROP INDEX ticketing.outages_one_open_per_environment_uq`);
    await q.query(`CREATE UNIQUE INDEX outages_one_open_per_environment_uq ON ticketing.outages (environment_id) WHERE restored_at IS NULL AND closed_at IS NULL`);
    await q.query(`CREATE INDEX outages_environment_started_idx ON ticketing.outages (environment_id, started_at)`);
    await q.query(`CREATE INDEX outages_ticket_idx ON ticketing.outages (ticket_id)`);
    await q.query(`ALTER TABLE ticketing.customers ADD COLUMN uptime_target_percent numeric(6, 3) NOT NULL DEFAULT 99.9
      CONSTRAINT customers_uptime_target_check CHECK (uptime_target_percent > 0 AND uptime_target_percent <= 100)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ticketing.customers DROP COLUMN uptime_target_percent`);
    await q.query(`DROP INDEX ticketing.outages_ticket_idx`);
    await q.query(`DROP INDEX ticketing.outages_environment_started_idx`);
    await q.query(`DROP INDEX ticketing.outages_one_open_per_environment_uq`);
    // Without closed_at, a closed outage would count as open again.
    await q.query(`UPDATE ticketing.outages SET restored_at = closed_at WHERE restored_at IS NULL AND closed_at IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX outages_one_open_per_environment_uq ON ticketing.outages (environment_id) WHERE restored_at IS NULL`);
    await q.query(`ALTER TABLE ticketing.outages DROP COLUMN closed_at, DROP COLUMN acknowledged_at`);
  }
}
