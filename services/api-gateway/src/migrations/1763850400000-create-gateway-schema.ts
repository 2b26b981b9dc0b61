import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTablesSql, dropMessagingTablesSql } from '@vigil/platform-messaging';

/** The gateway keeps no business data; its schema holds the messaging tables (outbox for commands it emits). */
export class CreateGatewaySchema1763850400000 implements MigrationInterface {
  name = 'CreateGatewaySchema1763850400000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of createMessagingTablesSql('gateway')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropMessagingTablesSql('gateway')) await q.query(sql);
  }
}
