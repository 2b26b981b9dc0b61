import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditLogSql, dropAuditLogSql } from '@vigil/platform-audit';

export class NotificationsAuditLog1763930100000 implements MigrationInterface {
  name = 'NotificationsAuditLog1763930100000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of createAuditLogSql('notifications')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropAuditLogSql('notifications')) await q.query(sql);
  }
}
