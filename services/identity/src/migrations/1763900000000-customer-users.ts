import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Customer users, each bound to exactly one customer (ACC-6); sessions now belong to staff or customer users. */
export class CustomerUsers1763900000000 implements MigrationInterface {
  name = 'CustomerUsers1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE identity.customer_users (
      id uuid CONSTRAINT customer_users_pk PRIMARY KEY,
      customer_id uuid NOT NULL,
      email text NOT NULL,
      display_name text NOT NULL,
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled_at timestamptz,
      failed_sign_ins integer NOT NULL DEFAULT 0,
      blocked_until timestamptz,
      last_sign_in_at timestamptz)`);
    await q.query(`CREATE UNIQUE INDEX customer_users_email_uq ON identity.customer_users (lower(email))`);
    await q.query(`ALTER TABLE identity.sessions
      ALTER COLUMN staff_id DROP NOT NULL,
      ADD COLUMN customer_user_id uuid CONSTRAINT sessions_customer_user_fk REFERENCES identity.customer_users (id),
      ADD CONSTRAINT sessions_one_account_check CHECK ((staff_id IS NULL) <> (customer_user_id IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM identity.sessions WHERE customer_user_id IS NOT NULL`);
    await q.query(`ALTER TABLE identity.sessions DROP CONSTRAINT sessions_one_account_check, DROP COLUMN customer_user_id, ALTER COLUMN staff_id SET NOT NULL`);
    await q.query(`DROP TABLE identity.customer_users`);
  }
}
