import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createWorkflowCommandSeqIndexSql, dropWorkflowCommandSeqIndexSql } from '@vigil/platform-temporal';

/**
 * Issue 19: the workflow-command relay's claim walks pending commands in
 * delivery order and stops after one batch, instead of sorting the whole
 * backlog on every round.
 */
export class WorkflowCommandClaimIndex1764300000000 implements MigrationInterface {
  name = 'WorkflowCommandClaimIndex1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(createWorkflowCommandSeqIndexSql('ticketing'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(dropWorkflowCommandSeqIndexSql('ticketing'));
  }
}
