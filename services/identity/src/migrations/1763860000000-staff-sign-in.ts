import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-in state for staff: password age, TOTP, lockout, password history and sessions (ACC-3, ACC-4). */
export class StaffSignIn1763860000000 implements MigrationInterface {
  name = 'StaffSignIn1763860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.staff_users
      ADD COLUMN password_changed_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN totp_secret_sealed text,
      ADD COLUMN totp_last_step bigint,
      ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0,
      ADD COLUMN blocked_until timestamptz,
      ADD COLUMN last_sign_in_at timestamptz`);
    // Old passwords only as argon2id hashes of their letter skeletons (see password-policy.ts).
    await q.query(`CREATE TABLE identity.password_history (
      id bigserial CONSTRAINT password_history_pk PRIMARY KEY,
      staff_id uuid NOT NULL CONSTRAINT password_history_staff_fk REFERENCES identity.staff_users (id),
      skeleton_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX password_history_staff_idx ON identity.password_history (staff_id, created_at DESC)`);
    await q.query(`CREATE TABLE identity.sessions (
      id uuid CONSTRAINT sessions_pk PRIMARY KEY,
      staff_id uuid NOT NULL CONSTRAINT sessions_staff_fk REFERENCES identity.staff_users (id),
      refresh_token_hash text NOT NULL CONSTRAINT sessions_refresh_token_uq UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      refreshed_at timestamptz,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz)`);
    await q.query(`CREATE INDEX sessions_staff_idx ON identity.sessions (staff_id) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.sessions`);
    await q.query(`DROP TABLE identity.password_history`);
    await q.query(`ALTER TABLE identity.staff_users DROP COLUMN password_changed_at, DROP COLUMN totp_secret_sealed, DROP COLUMN totp_last_step,
      DROP COLUMN failed_sign_ins, DROP COLUMN blocked_until, DROP COLUMN last_sign_in_at`);
  }
}
