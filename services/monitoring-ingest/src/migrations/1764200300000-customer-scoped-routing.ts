import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customer-scoped integration keys (issue 13): an integration may belong to
 * one customer, and monitoring-ingest keeps the environment keys of every
 * customer (a read model of the customers service) to hold such a key's
 * alerts to that customer's environments.
 */
export class CustomerScopedRouting1764200300000 implements MigrationInterface {
  name = 'CustomerScopedRouting1764200300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE monitoring.integrations ADD COLUMN customer_id uuid`);
    await q.query(`CREATE TABLE monitoring.environments (
      id uuid CONSTRAINT environments_pk PRIMARY KEY,
      customer_id uuid NOT NULL,
      key text NOT NULL CONSTRAINT environments_key_uq UNIQUE,
      retired_at timestamptz,
      revision integer NOT NULL)`);
    await q.query(`CREATE INDEX environments_customer_idx ON monitoring.environments (customer_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE monitoring.environments`);
    await q.query(`ALTER TABLE monitoring.integrations DROP COLUMN customer_id`);
  }
}
