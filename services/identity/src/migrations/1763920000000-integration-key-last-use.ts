import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Last use of each integration key, as reported by monitoring-ingest (ACC-5). */
export class IntegrationKeyLastUse1763920000000 implements MigrationInterface {
  name = 'IntegrationKeyLastUse1763920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.integration_keys ADD COLUMN last_used_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.integration_keys DROP COLUMN last_used_at`);
  }
}
