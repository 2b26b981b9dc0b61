import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addWorkflowCommandHandOverSql, dropWorkflowCommandHandOverSql } from '@vigil/platform-temporal';

/**
 * Issue 19, ticket creation (decision 0037): a new ticket's timers start waits
 * in the outbox until shortly before its first plan is due, instead of being
 * written to Temporal at creation.
 */
export class WorkflowCommandHandOver1765200100000 implements MigrationInterface {
  name = 'WorkflowCommandHandOver1765200100000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of addWorkflowCommandHandOverSql('ticketing')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropWorkflowCommandHandOverSql('ticketing')) await q.query(sql);
  }
}
