import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Integration API keys for monitoring tools: only a hash is kept; revocable; scoped. */
export class IntegrationKeys1763910000000 implements MigrationInterface {
  name = 'IntegrationKeys1763910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE identity.integration_keys (
      id uuid CONSTRAINT integration_keys_pk PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL,
      scopes text[] NOT NULL,
      key_hash text NOT NULL CONSTRAINT integration_keys_hash_uq UNIQUE,
      environment_label text NOT NULL,
      issued_by text NOT NULL,
      issued_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      revoked_by text)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.integration_keys`);
  }
}
