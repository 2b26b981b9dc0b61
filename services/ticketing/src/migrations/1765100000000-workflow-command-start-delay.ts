import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addWorkflowCommandStartDelaySql, dropWorkflowCommandStartDelaySql } from '@vigil/platform-temporal';

/**
 * Issue 19, ticket creation: a new ticket's timers workflow is started with a
 * start delay (its first plan's wait) instead of running at once only to
 * start a timer. The column says how long, counted from the commit.
 */
export class WorkflowCommandStartDelay1765100000000 implements MigrationInterface {
  name = 'WorkflowCommandStartDelay1765100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of addWorkflowCommandStartDelaySql('ticketing')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropWorkflowCommandStartDelaySql('ticketing')) await q.query(sql);
  }
}
