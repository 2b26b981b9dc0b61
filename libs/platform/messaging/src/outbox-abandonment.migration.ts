import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox learns to give up on a row that JetStream keeps refusing while
 * it is reachable (e.g. a subject no stream takes): after too many such
 * failures the row is `abandoned_at`, kept with its last error, and no longer
 * holds back the rows behind it. The same migration for every service's
 * schema, listed in each service's migrations.
 */
export function outboxAbandonmentMigration(schema: string): new () => MigrationInterface {
  const s = `"${schema}"`;
  return class OutboxAbandonment1764000100000 implements MigrationInterface {
    name = 'OutboxAbandonment1764000100000';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`ALTER TABLE ${s}.outbox ADD COLUMN abandoned_at timestamptz, ADD COLUMN publish_failures integer NOT NULL DEFAULT 0`);
      await q.query(`DROP INDEX ${s}.outbox_pending_idx`);
      await q.query(`CREATE INDEX outbox_pending_idx ON ${s}.outbox (seq) WHERE published_at IS NULL AND abandoned_at IS NULL`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP INDEX ${s}.outbox_pending_idx`);
      await q.query(`CREATE INDEX outbox_pending_idx ON ${s}.outbox (seq) WHERE published_at IS NULL`);
      await q.query(`ALTER TABLE ${s}.outbox DROP COLUMN abandoned_at, DROP COLUMN publish_failures`);
    }
  };
}
