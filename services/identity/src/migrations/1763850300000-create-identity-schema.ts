import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTablesSql, dropMessagingTablesSql } from '@vigil/platform-messaging';

export class CreateIdentitySchema1763850300000 implements MigrationInterface {
  name = 'CreateIdentitySchema1763850300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE identity.staff_users (
      id uuid CONSTRAINT staff_users_pk PRIMARY KEY,
      email text NOT NULL,
      display_name text NOT NULL,
      password_hash text NOT NULL,
      roles text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled_at timestamptz)`);
    await q.query(`CREATE UNIQUE INDEX staff_users_email_uq ON identity.staff_users (lower(email))`);
    for (const sql of createMessagingTablesSql('identity')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropMessagingTablesSql('identity')) await q.query(sql);
    await q.query(`DROP TABLE identity.staff_users`);
  }
}
