import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { WorkflowCommandOutbox } from '@vigil/platform-temporal';
import {
  TICKET_TIMERS_WORKFLOW,
  TicketSignals,
  WORKFLOW_TASK_QUEUE,
  ticketWorkflowId,
  type TicketTimerPlan,
  type TicketTimersInput,
} from '@vigil/workflow-contracts';
import { TICKETING_CONFIG, type TicketingConfig } from '../../config';

/**
 * Every ticket change tells the ticket's timers workflow to replan (TKT-2,
 * TKT-5), in the change's own transaction: signal-with-start, so it runs if
 * it was not, and a closed ticket's finished timers start anew on reopening.
 * A new ticket's workflow starts with its first plan instead, held back by
 * Temporal until that plan is due; one due further ahead than the hand-over
 * lead waits in the outbox until then (decision 0037).
 */
@Injectable()
export class TicketTimerCommands {
  constructor(
    private readonly commands: WorkflowCommandOutbox,
    @Inject(TICKETING_CONFIG) private readonly config: Pick<TicketingConfig, 'TICKET_TIMERS_HAND_OVER_LEAD_MS'>,
  ) {}

  /**
   * A new ticket: the workflow starts with the plan made in the creating
   * transaction, so its first round needs no planTicketTimers call. A start,
   * not signal-with-start: a signal tells the run that something newer than
   * its first plan happened. A change queued behind it in the same delivery
   * round supersedes it (the relay sends that change's signal-with-start
   * alone, without a first plan).
   */
  created(manager: EntityManager, ticketId: string, firstPlan: TicketTimerPlan): Promise<void> {
    if (firstPlan.nextAt === null) return this.queue(manager, { ticketId, firstPlan }, undefined);
    // Held back by Temporal until the first timer is due: no workflow task, no timer; a ticket that changes before
    // its deadline (signal-with-start ends the delay) never had one. Due further ahead than the lead, the start waits
    // in the outbox until the lead before it, so a ticket that changes before then costs Temporal nothing at creation.
    const waitMs = firstPlan.waitMs ?? 0;
    const lead = this.config.TICKET_TIMERS_HAND_OVER_LEAD_MS;
    const handOverAt = waitMs > lead ? new Date(Date.parse(firstPlan.nextAt) - lead) : undefined;
    return this.queue(manager, { ticketId, firstPlan, firstWaitAsStartDelay: true }, undefined, waitMs, handOverAt);
  }

  changed(manager: EntityManager, ticketId: string): Promise<void> {
    return this.queue(manager, { ticketId }, { name: TicketSignals.changed });
  }

  private queue(manager: EntityManager, input: TicketTimersInput, signal: { name: string } | undefined, startDelayMs?: number, handOverAt?: Date): Promise<void> {
    return this.commands.append(manager, {
      workflowId: ticketWorkflowId(input.ticketId),
      workflowType: TICKET_TIMERS_WORKFLOW,
      taskQueue: WORKFLOW_TASK_QUEUE,
      args: [input],
      ...(signal ? { signal } : {}),
      restartIfFinished: true,
      // Its plans allow for the wait in the outbox (memo queuedForMs), so a page may go first.
      priority: 'routine',
      ...(startDelayMs === undefined ? {} : { startDelayMs }),
      ...(handOverAt ? { handOverAt } : {}),
    });
  }
}
