import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { EntityManager } from 'typeorm';
import type { TicketStatusChangedData } from '@vigil/contracts';
import { OutageSignals, outageWorkflowId } from '@vigil/workflow-contracts';
import { TEMPORAL_CLIENT } from '@vigil/platform-runtime';
import { OutageRepository } from '../../outage.repository';

/**
 * MON-3: what happens to an outage's ticket drives its recovery workflow.
 * Taken (IN_PROGRESS) means someone works on it: no team-lead escalation.
 * Resolved or closed by staff before restoration ends the outage now.
 */
@Injectable()
export class FollowOutageTicketUseCase {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly temporal: Client, private readonly outages: OutageRepository) {}

  async execute(change: TicketStatusChangedData, manager: EntityManager): Promise<void> {
    const taken = change.to === 'IN_PROGRESS';
    const closed = change.to === 'RESOLVED' || change.to === 'CLOSED';
    if (!taken && !closed) return;
    const outage = await this.outages.findOpenByTicket(manager, change.ticketId);
    if (!outage) return; // not an outage ticket, or the outage has ended
    if (taken) await this.outages.markAcknowledged(manager, outage.id);
    else await this.outages.markClosed(manager, outage.id);
    await this.signal(outage.id, taken ? OutageSignals.acknowledged : OutageSignals.closed);
  }

  private async signal(outageId: string, signal: string): Promise<void> {
    try {
      await this.temporal.workflow.getHandle(outageWorkflowId(outageId)).signal(signal);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error; // finished already: nothing left to tell
    }
  }
}
