import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { WorkflowCommandOutbox } from '@vigil/platform-temporal';
import { OUTAGE_RECOVERY_WORKFLOW, PAGES_WORKFLOW_TASK_QUEUE, outageWorkflowId, type OutageRecoveryInput } from '@vigil/workflow-contracts';
import { TICKETING_CONFIG, type TicketingConfig } from '../config';
import { OutageRepository } from './outage.repository';

/**
 * MON-3: starts and signals an outage's recovery workflow, in the transaction
 * of the change that calls for it. Every command carries the start input, so
 * a restoration that reaches Temporal before the opening still finds (and
 * ends) the workflow; a finished workflow is never started again.
 */
@Injectable()
export class OutageRecoveryCommands {
  constructor(
    private readonly commands: WorkflowCommandOutbox,
    private readonly outages: OutageRepository,
    @Inject(TICKETING_CONFIG) private readonly config: TicketingConfig,
  ) {}

  start(manager: EntityManager, outageId: string): Promise<void> {
    return this.send(manager, outageId);
  }

  signal(manager: EntityManager, outageId: string, name: string, args: unknown[] = []): Promise<void> {
    return this.send(manager, outageId, { name, args });
  }

  private async send(manager: EntityManager, outageId: string, signal?: { name: string; args: unknown[] }): Promise<void> {
    const facts = await this.outages.recoveryFacts(manager, outageId);
    if (!facts) throw new Error(`outage ${outageId} vanished inside its own transaction`);
    const input: OutageRecoveryInput = {
      ...facts,
      teamLeadAfterMs: this.config.OUTAGE_TEAM_LEAD_AFTER_MS,
      recoveryTargetMs: this.config.OUTAGE_RECOVERY_TARGET_MS,
    };
    await this.commands.append(manager, {
      workflowId: outageWorkflowId(outageId),
      workflowType: OUTAGE_RECOVERY_WORKFLOW,
      taskQueue: PAGES_WORKFLOW_TASK_QUEUE,
      args: [input],
      ...(signal ? { signal } : {}),
      restartIfFinished: false,
      // Its first step alerts on-call (MON-3): ahead of any backlog of ticket timers in the outbox; the task queue does that in Temporal.
      priority: 'page',
    });
  }
}
