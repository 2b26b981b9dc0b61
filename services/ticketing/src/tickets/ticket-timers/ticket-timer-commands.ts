import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { WorkflowCommandOutbox } from '@vigil/platform-temporal';
import { TICKET_TIMERS_WORKFLOW, TicketSignals, WORKFLOW_TASK_QUEUE, ticketWorkflowId, type TicketTimersInput } from '@vigil/workflow-contracts';

/**
 * Every ticket change tells the ticket's timers workflow to replan (TKT-2,
 * TKT-5), in the change's own transaction: signal-with-start, so it runs if
 * it was not, and a closed ticket's finished timers start anew on reopening.
 */
@Injectable()
export class TicketTimerCommands {
  constructor(private readonly commands: WorkflowCommandOutbox) {}

  changed(manager: EntityManager, ticketId: string): Promise<void> {
    const input: TicketTimersInput = { ticketId };
    return this.commands.append(manager, {
      workflowId: ticketWorkflowId(ticketId),
      workflowType: TICKET_TIMERS_WORKFLOW,
      taskQueue: WORKFLOW_TASK_QUEUE,
      args: [input],
      signal: { name: TicketSignals.changed },
      restartIfFinished: true,
    });
  }
}
