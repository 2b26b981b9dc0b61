import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 (decision 0022): invited staff accounts carry until when their
 * one-time password may be used (cleared by the first sign-in); customer users
 * get an admin flag and a set-password token, stored only as its SHA-256.
 */
export class PeopleAdministration1764300000000 implements MigrationInterface {
  name = 'PeopleAdministration1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.staff_users ADD COLUMN invitation_expires_at timestamptz`);
    await q.query(`ALTER TABLE identity.customer_users
      ADD COLUMN admin boolean NOT NULL DEFAULT false,
      ADD COLUMN password_reset_hash text,
      ADD COLUMN password_reset_expires_at timestamptz,
      ADD CONSTRAINT customer_users_reset_complete_check CHECK ((password_reset_hash IS NULL) = (password_reset_expires_at IS NULL))`);
    await q.query(`CREATE UNIQUE INDEX customer_users_password_reset_uq ON identity.customer_users (password_reset_hash) WHERE password_reset_hash IS NOT NULL`);
    await q.query(`CREATE INDEX customer_users_customer_idx ON identity.customer_users (customer_id, email)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX identity.customer_users_customer_idx`);
    await q.query(`DROP INDEX identity.customer_users_password_reset_uq`);
    await q.query(`ALTER TABLE identity.customer_users DROP CONSTRAINT customer_users_reset_complete_check, DROP COLUMN password_reset_expires_at, DROP COLUMN password_reset_hash, DROP COLUMN admin`);
    await q.query(`ALTER TABLE identity.staff_users DROP COLUMN invitation_expires_at`);
  }
}
