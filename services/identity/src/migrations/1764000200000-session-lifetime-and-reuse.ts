import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions end at an absolute time that refreshing cannot push back, and the
 * refresh tokens a session rotated away are remembered, so presenting one
 * again (a stolen copy) is recognised and ends the whole session.
 */
export class SessionLifetimeAndReuse1764000200000 implements MigrationInterface {
  name = 'SessionLifetimeAndReuse1764000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.sessions ADD COLUMN absolute_expires_at timestamptz`);
    await q.query(`UPDATE identity.sessions SET absolute_expires_at = expires_at`);
    await q.query(`ALTER TABLE identity.sessions ALTER COLUMN absolute_expires_at SET NOT NULL`);
    await q.query(`CREATE TABLE identity.retired_refresh_tokens (
      token_hash text CONSTRAINT retired_refresh_tokens_pk PRIMARY KEY,
      session_id uuid NOT NULL CONSTRAINT retired_refresh_tokens_session_fk REFERENCES identity.sessions (id) ON DELETE CASCADE,
      retired_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX sessions_customer_user_idx ON identity.sessions (customer_user_id) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX identity.sessions_customer_user_idx`);
    await q.query(`DROP TABLE identity.retired_refresh_tokens`);
    await q.query(`ALTER TABLE identity.sessions DROP COLUMN absolute_expires_at`);
  }
}
