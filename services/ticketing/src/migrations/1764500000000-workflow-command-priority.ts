import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addWorkflowCommandPrioritySql, dropWorkflowCommandPrioritySql } from '@vigil/platform-temporal';

/**
 * Issue 19, pages first: an outage's recovery workflow (it alerts on-call,
 * MON-3) was started only after every ticket-timer command queued before it;
 * after a burst of 6,000 tickets that was two minutes. Commands now carry a
 * priority and the relay claims pages first. The type is spelled out, not
 * imported: a migration says what was true when it was written.
 */
export class WorkflowCommandPriority1764500000000 implements MigrationInterface {
  name = 'WorkflowCommandPriority1764500000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of addWorkflowCommandPrioritySql('ticketing', ['outageRecovery'])) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropWorkflowCommandPrioritySql('ticketing')) await q.query(sql);
  }
}
