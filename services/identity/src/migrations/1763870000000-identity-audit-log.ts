import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditLogSql, dropAuditLogSql } from '@vigil/platform-audit';

export class IdentityAuditLog1763870000000 implements MigrationInterface {
  name = 'IdentityAuditLog1763870000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of createAuditLogSql('identity')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropAuditLogSql('identity')) await q.query(sql);
  }
}
