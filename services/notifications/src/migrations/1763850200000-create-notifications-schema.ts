import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTablesSql, dropMessagingTablesSql } from '@vigil/platform-messaging';

export class CreateNotificationsSchema1763850200000 implements MigrationInterface {
  name = 'CreateNotificationsSchema1763850200000';

  async up(q: QueryRunner): Promise<void> {
    // One row per email to send; dedupe_key makes every notification idempotent
    // (redelivered events and retried activities enqueue nothing new).
    await q.query(`CREATE TABLE notifications.emails (
      id uuid CONSTRAINT emails_pk PRIMARY KEY,
      seq bigserial NOT NULL,
      dedupe_key text NOT NULL CONSTRAINT emails_dedupe_key_uq UNIQUE,
      recipients text[] NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      trace_context jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      locked_until timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      last_error text)`);
    await q.query(`CREATE INDEX emails_pending_idx ON notifications.emails (seq) WHERE sent_at IS NULL`);
    for (const sql of createMessagingTablesSql('notifications')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropMessagingTablesSql('notifications')) await q.query(sql);
    await q.query(`DROP TABLE notifications.emails`);
  }
}
