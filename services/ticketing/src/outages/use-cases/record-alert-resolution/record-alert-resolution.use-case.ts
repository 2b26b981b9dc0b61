import { OutageRecoveryCommands } from '../../outage-recovery-commands';
import { OutageSignals, type OutageRestoredSignal } from '@vigil/workflow-contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutageRestored, type AlertResolvedData } from '@vigil/contracts';
import { OutboxWriter, TransactionClock } from '@vigil/platform-runtime';
import { AuditLog } from '@vigil/platform-audit';
import { TicketRepository } from '../../../tickets/ticket.repository';
import { EnvironmentOutages } from '../../environment-outages';
import { OutageRepository } from '../../outage.repository';

/**
 * MON-2: a resolve marks its alert resolved; when every alert of the outage is
 * resolved the service counts as restored, at the latest alert's `endsAt`, and
 * the recovery time goes on the ticket.
 */
@Injectable()
export class RecordAlertResolutionUseCase {
  constructor(
    private readonly environmentOutages: EnvironmentOutages,
    private readonly tickets: TicketRepository,
    private readonly outages: OutageRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditLog,
    private readonly time: TransactionClock,
    private readonly recovery: OutageRecoveryCommands,
  ) {}

  async execute(alert: AlertResolvedData, manager: EntityManager): Promise<void> {
    const outage = (await this.environmentOutages.lock(manager, alert.environmentKey))?.openOutage;
    if (!outage) return;
    const endsAt = alert.endsAt ? new Date(alert.endsAt) : this.time.now(manager);
    const attached = await this.outages.markAlertResolved(manager, outage.id, { integrationId: alert.integrationId, fingerprint: alert.fingerprint, endsAt });
    if (!attached) return;
    const restoredAt = await this.outages.restorationTime(manager, outage.id);
    if (!restoredAt) return;
    const recoveryMinutes = Math.max(0, Math.round(((restoredAt.getTime() - outage.startedAt.getTime()) / 60_000) * 100) / 100);
    await this.outages.markRestored(manager, outage.id, restoredAt);
    await this.tickets.recordRecovery(manager, outage.ticketId, restoredAt, recoveryMinutes, 'system:monitoring');
    await this.audit.append(manager, {
      actor: 'system:monitoring',
      action: 'ticket.service-restored',
      target: `ticket:${outage.ticketId}`,
      before: { recoveredAt: null },
      after: { recoveredAt: restoredAt.toISOString(), recoveryMinutes },
      requestId: `alert:${alert.alertId}`,
    });
    await this.outbox.append(manager, OutageRestored, {
      outageId: outage.id,
      ticketId: outage.ticketId,
      restoredAt: restoredAt.toISOString(),
      recoveryMinutes,
    });
    const signal: OutageRestoredSignal = { restoredAt: restoredAt.toISOString() };
    await this.recovery.signal(manager, outage.id, OutageSignals.restored, [signal]);
  }
}
