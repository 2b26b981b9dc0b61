import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Optional HMAC signing of alert requests (MON-1): a per-integration secret, encrypted at rest. */
export class IntegrationSigningSecrets1763970000000 implements MigrationInterface {
  name = 'IntegrationSigningSecrets1763970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE monitoring.integrations ADD COLUMN signing_secret_sealed text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE monitoring.integrations DROP COLUMN signing_secret_sealed`);
  }
}
