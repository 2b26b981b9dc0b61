import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: pages (MON-3 on-call, team-lead and breach notices, TKT-6
 * escalations) go out before routine mail. priority 0 = page, 1 = routine;
 * the claim takes `ORDER BY priority, seq` through the partial index, so a
 * backlog of routine mail costs a page one index probe, not a scan.
 */
export class EmailPriority1764400000000 implements MigrationInterface {
  name = 'EmailPriority1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications.emails ADD COLUMN priority smallint NOT NULL DEFAULT 1 CONSTRAINT emails_priority_check CHECK (priority IN (0, 1))`);
    // Emails still waiting when this runs keep their class: the dedupe keys name what they are.
    await q.query(`UPDATE notifications.emails SET priority = 0 WHERE sent_at IS NULL AND (dedupe_key LIKE 'outage:%' OR dedupe_key LIKE 'ticket-escalated:%')`);
    // From here every enqueue says which class it is.
    await q.query(`ALTER TABLE notifications.emails ALTER COLUMN priority DROP DEFAULT`);
    await q.query(`DROP INDEX notifications.emails_pending_idx`);
    await q.query(`CREATE INDEX emails_claim_idx ON notifications.emails (priority, seq) WHERE sent_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications.emails_claim_idx`);
    await q.query(`CREATE INDEX emails_pending_idx ON notifications.emails (seq) WHERE sent_at IS NULL`);
    await q.query(`ALTER TABLE notifications.emails DROP COLUMN priority`);
  }
}
