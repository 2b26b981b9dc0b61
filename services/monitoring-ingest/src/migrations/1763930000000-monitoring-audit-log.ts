import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditLogSql, dropAuditLogSql } from '@vigil/platform-audit';

export class MonitoringAuditLog1763930000000 implements MigrationInterface {
  name = 'MonitoringAuditLog1763930000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of createAuditLogSql('monitoring')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropAuditLogSql('monitoring')) await q.query(sql);
  }
}
