import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditIntakeSql, dropAuditIntakeSql } from '@vigil/platform-audit';

/**
 * Issue 19: every queued email was chained into the audit log in its own
 * transaction (the chain's lock, a read of its head, an insert, and a witness
 * event through JetStream per email). Notifications' entries are now chained
 * after commit in batches (decision 0024), as ticketing's are.
 */
export class AuditIntake1765100100000 implements MigrationInterface {
  name = 'AuditIntake1765100100000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of createAuditIntakeSql('notifications')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropAuditIntakeSql('notifications')) await q.query(sql);
  }
}
