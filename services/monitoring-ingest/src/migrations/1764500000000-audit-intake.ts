import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditIntakeSql, dropAuditIntakeSql } from '@vigil/platform-audit';

/**
 * Issue 19: the alert intake's audit entries are chained after commit
 * (decision 0024), so concurrent alert batches no longer commit one at a
 * time behind the chain's lock, and a batch no longer queues a witness event
 * of its own.
 */
export class AuditIntake1764500000000 implements MigrationInterface {
  name = 'AuditIntake1764500000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of createAuditIntakeSql('monitoring')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropAuditIntakeSql('monitoring')) await q.query(sql);
  }
}
