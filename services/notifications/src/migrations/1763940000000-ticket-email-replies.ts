import type { MigrationInterface, QueryRunner } from 'typeorm';

/** TKT-4: emails carry a per-ticket reply address; replies received are kept once per Message-ID. */
export class TicketEmailReplies1763940000000 implements MigrationInterface {
  name = 'TicketEmailReplies1763940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications.emails ADD COLUMN reply_to text`);
    await q.query(`CREATE TABLE notifications.inbound_replies (
      id uuid CONSTRAINT inbound_replies_pk PRIMARY KEY,
      message_id text NOT NULL CONSTRAINT inbound_replies_message_id_uq UNIQUE,
      ticket_id uuid NOT NULL,
      from_address text NOT NULL,
      body text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications.inbound_replies`);
    await q.query(`ALTER TABLE notifications.emails DROP COLUMN reply_to`);
  }
}
