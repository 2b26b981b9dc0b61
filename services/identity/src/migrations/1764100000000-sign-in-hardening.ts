import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12. Password history keeps argon2id hashes of whole passwords only:
 * the letter-skeleton hashes it kept were cheaper to guess than the passwords
 * themselves and cannot be converted, so they go, and each account's history
 * starts with its current password's hash. Failed sign-ins are counted per
 * account and client address (lockout.ts) instead of per account.
 */
export class SignInHardening1764100000000 implements MigrationInterface {
  name = 'SignInHardening1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM identity.password_history`);
    await q.query(`ALTER TABLE identity.password_history DROP COLUMN skeleton_hash, ADD COLUMN password_hash text NOT NULL`);
    await q.query(`INSERT INTO identity.password_history (staff_id, password_hash, created_at) SELECT id, password_hash, password_changed_at FROM identity.staff_users`);
    await q.query(`CREATE TABLE identity.sign_in_failures (
      account text NOT NULL,
      client_address text NOT NULL,
      failures integer NOT NULL,
      blocked_until timestamptz NOT NULL,
      last_failed_at timestamptz NOT NULL,
      CONSTRAINT sign_in_failures_pk PRIMARY KEY (account, client_address))`);
    await q.query(`ALTER TABLE identity.staff_users DROP COLUMN failed_sign_ins, DROP COLUMN blocked_until`);
    await q.query(`ALTER TABLE identity.customer_users DROP COLUMN failed_sign_ins, DROP COLUMN blocked_until`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.customer_users ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0, ADD COLUMN blocked_until timestamptz`);
    await q.query(`ALTER TABLE identity.staff_users ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0, ADD COLUMN blocked_until timestamptz`);
    await q.query(`DROP TABLE identity.sign_in_failures`);
    // The whole-password hashes cannot become skeleton hashes: the history starts empty again.
    await q.query(`DELETE FROM identity.password_history`);
    await q.query(`ALTER TABLE identity.password_history DROP COLUMN password_hash, ADD COLUMN skeleton_hash text NOT NULL`);
  }
}
