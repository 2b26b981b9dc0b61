import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditIntakeSql, dropAuditIntakeSql } from '@vigil/platform-audit';

/**
 * Issue 19: ticketing's audit entries are chained after commit (decision
 * 0024), so ticket writes no longer commit one at a time behind the chain's
 * lock. The intake holds committed entries until the sealer links them.
 */
export class AuditIntake1764300100000 implements MigrationInterface {
  name = 'AuditIntake1764300100000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of createAuditIntakeSql('ticketing')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropAuditIntakeSql('ticketing')) await q.query(sql);
  }
}
