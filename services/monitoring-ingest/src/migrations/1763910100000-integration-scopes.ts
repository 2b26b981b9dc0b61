import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Integrations become a read model of identity's keys: scopes and last use. */
export class IntegrationScopes1763910100000 implements MigrationInterface {
  name = 'IntegrationScopes1763910100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE monitoring.integrations
      ADD COLUMN scopes text[] NOT NULL DEFAULT '{alerts:write}',
      ADD COLUMN last_used_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE monitoring.integrations DROP COLUMN scopes, DROP COLUMN last_used_at`);
  }
}
