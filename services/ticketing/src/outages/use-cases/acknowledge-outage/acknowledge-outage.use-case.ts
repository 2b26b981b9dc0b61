import { TransactionClock } from '@vigil/platform-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AlertAcknowledgedData } from '@vigil/contracts';

import { TicketStatusChanger } from '../../../tickets/ticket-status-changer';
import { TicketRepository } from '../../../tickets/ticket.repository';
import { EnvironmentOutages } from '../../environment-outages';
import { OutageRepository } from '../../outage.repository';

/**
 * MON-2/MON-3: an alert of an open outage acknowledged at the monitoring tool
 * (PagerDuty `acknowledge`) means someone is working on it: the outage ticket
 * moves to IN_PROGRESS, which stops the team-lead escalation.
 */
@Injectable()
export class AcknowledgeOutageUseCase {
  constructor(
    private readonly environmentOutages: EnvironmentOutages,
    private readonly tickets: TicketRepository,
    private readonly outages: OutageRepository,
    private readonly statusChanger: TicketStatusChanger,
    private readonly time: TransactionClock,
  ) {}

  async execute(alert: AlertAcknowledgedData, manager: EntityManager): Promise<void> {
    const outage = (await this.environmentOutages.lock(manager, alert.environmentKey))?.openOutage;
    if (!outage || !(await this.outages.hasAlert(manager, outage.id, alert.integrationId, alert.fingerprint))) return;
    await this.outages.markAcknowledged(manager, outage.id);
    const ticket = await this.tickets.lockForUpdate(manager, outage.ticketId, undefined);
    if (ticket?.status !== 'SUBMITTED') return; // already taken (or further along): nothing to move
    await this.statusChanger.apply(
      manager,
      ticket,
      { to: 'IN_PROGRESS', by: 'system', actor: `integration:${alert.integrationId}`, action: 'acknowledged at the monitoring tool' },
      this.time.nowMs(manager),
    );
  }
}
