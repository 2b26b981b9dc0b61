import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An integration key may be scoped to one customer: its alerts route only to that customer's environments (issue 13). */
export class IntegrationKeyCustomerScope1764200200000 implements MigrationInterface {
  name = 'IntegrationKeyCustomerScope1764200200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.integration_keys ADD COLUMN customer_id uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.integration_keys DROP COLUMN customer_id`);
  }
}
