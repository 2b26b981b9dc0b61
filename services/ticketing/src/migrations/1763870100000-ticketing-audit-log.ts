import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditLogSql, dropAuditLogSql } from '@vigil/platform-audit';

export class TicketingAuditLog1763870100000 implements MigrationInterface {
  name = 'TicketingAuditLog1763870100000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of createAuditLogSql('ticketing')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropAuditLogSql('ticketing')) await q.query(sql);
  }
}
