import { Inject, Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { OutageOpenedData, OutageRestoredData } from '@vigil/contracts';
import {
  OUTAGE_RECOVERY_WORKFLOW,
  OutageSignals,
  WORKFLOW_TASK_QUEUE,
  outageWorkflowId,
  type OutageRecoveryInput,
  type OutageRestoredSignal,
} from '@vigil/workflow-contracts';
import { TEMPORAL_CLIENT } from '@vigil/platform-runtime';
import { TICKETING_CONFIG, type TicketingConfig } from '../../../config';

/**
 * Starts the outage recovery workflow (MON-3) for an opened outage and tells
 * it when service is restored. Both are idempotent so an event delivered twice
 * changes nothing: the workflow id is the outage's business key.
 */
@Injectable()
export class DriveOutageWorkflowUseCase {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly temporal: Client, @Inject(TICKETING_CONFIG) private readonly config: TicketingConfig) {}

  async start(outage: OutageOpenedData): Promise<void> {
    const input: OutageRecoveryInput = {
      outageId: outage.outageId,
      ticketId: outage.ticketId,
      ticketNumber: outage.ticketNumber,
      customerId: outage.customerId,
      environmentName: outage.environmentName,
      startedAt: outage.startedAt,
      teamLeadAfterMs: this.config.OUTAGE_TEAM_LEAD_AFTER_MS,
      recoveryTargetMs: this.config.OUTAGE_RECOVERY_TARGET_MS,
    };
    try {
      await this.temporal.workflow.start(OUTAGE_RECOVERY_WORKFLOW, {
        workflowId: outageWorkflowId(outage.outageId),
        taskQueue: WORKFLOW_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  async signalRestored(outage: OutageRestoredData): Promise<void> {
    const signal: OutageRestoredSignal = { restoredAt: outage.restoredAt };
    try {
      await this.temporal.workflow.getHandle(outageWorkflowId(outage.outageId)).signal(OutageSignals.restored, signal);
    } catch (error) {
      // Already finished (closed by staff, or this signal was delivered before): nothing left to tell.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
}
