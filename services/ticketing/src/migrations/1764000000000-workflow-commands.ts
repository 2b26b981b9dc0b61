import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createWorkflowCommandTableSql, dropWorkflowCommandTableSql } from '@vigil/platform-temporal';

/** Ticketing's workflow starts and signals leave through an outbox of their own (rule 7a), no longer through its own events. */
export class WorkflowCommands1764000000000 implements MigrationInterface {
  name = 'WorkflowCommands1764000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of createWorkflowCommandTableSql('ticketing')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropWorkflowCommandTableSql('ticketing')) await q.query(sql);
  }
}
