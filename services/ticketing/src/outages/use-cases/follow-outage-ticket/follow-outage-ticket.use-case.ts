import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TicketStatusChangedData } from '@vigil/contracts';
import { OutageSignals } from '@vigil/workflow-contracts';
import { TicketStatusFollowers, type TicketStatusFollower } from '../../../tickets/ticket-status-followers';
import { OutageRepository } from '../../outage.repository';
import { OutageRecoveryCommands } from '../../outage-recovery-commands';

/**
 * MON-3: what happens to an outage's ticket drives its recovery workflow, in
 * the status change's own transaction. Taken (IN_PROGRESS) means someone works
 * on it: no team-lead escalation. Resolved or closed by staff before
 * restoration ends the outage now.
 */
@Injectable()
export class FollowOutageTicketUseCase implements TicketStatusFollower {
  constructor(followers: TicketStatusFollowers, private readonly outages: OutageRepository, private readonly recovery: OutageRecoveryCommands) {
    followers.add(this);
  }

  async follow(manager: EntityManager, change: TicketStatusChangedData): Promise<void> {
    const taken = change.to === 'IN_PROGRESS';
    const closed = change.to === 'RESOLVED' || change.to === 'CLOSED';
    if (!taken && !closed) return;
    const outage = await this.outages.findOpenByTicket(manager, change.ticketId);
    if (!outage) return; // not an outage ticket, or the outage has ended
    if (taken) await this.outages.markAcknowledged(manager, outage.id);
    else await this.outages.markClosed(manager, outage.id);
    await this.recovery.signal(manager, outage.id, taken ? OutageSignals.acknowledged : OutageSignals.closed);
  }
}
