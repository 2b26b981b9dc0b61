import { OutageRecoveryCommands } from '../../outage-recovery-commands';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AlertUnrouted, OutageOpened, TicketCreated, type AlertFiredData } from '@vigil/contracts';
import { OutboxWriter, TransactionClock } from '@vigil/platform-runtime';
import { AuditLog } from '@vigil/platform-audit';
import { CustomerDirectoryRepository, type RoutedEnvironment } from '../../../customers/customer-directory.repository';
import { ResponseClocks } from '../../../tickets/response-clocks';
import { TicketRepository } from '../../../tickets/ticket.repository';
import { EnvironmentOutages } from '../../environment-outages';
import { OutageRepository, type OpenOutage } from '../../outage.repository';

const ACTOR = 'system:monitoring';

/**
 * MON-2: a firing alert for an environment without an open outage opens an
 * OUTAGE ticket (S1); any further alert for that environment attaches to the
 * open outage, so an alert storm never opens a second one.
 */
@Injectable()
export class OpenOrAttachOutageUseCase {
  private readonly log = new Logger(OpenOrAttachOutageUseCase.name);

  constructor(
    private readonly directory: CustomerDirectoryRepository,
    private readonly environmentOutages: EnvironmentOutages,
    private readonly tickets: TicketRepository,
    private readonly outages: OutageRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditLog,
    private readonly time: TransactionClock,
    private readonly recovery: OutageRecoveryCommands,
  ) {}

  /**
   * Firing alerts in order, many at once under a backlog: the environments
   * are looked up, locked and their open outages read once for all, and all
   * attachments written in one statement.
   */
  async execute(alerts: AlertFiredData[], manager: EntityManager): Promise<void> {
    const keys = alerts.map((a) => a.environmentKey).filter((k): k is string => k !== null);
    const locked = await this.environmentOutages.lockMany(manager, keys);
    const attachments: Array<{ outageId: string; integrationId: string; fingerprint: string; startsAt: Date }> = [];
    for (const alert of alerts) {
      const target = alert.environmentKey ? locked.get(alert.environmentKey) : undefined;
      if (!target) {
        await this.reportUnrouted(alert, manager);
        continue;
      }
      target.openOutage ??= await this.open(target.environment, alert, manager);
      attachments.push({ outageId: target.openOutage.id, integrationId: alert.integrationId, fingerprint: alert.fingerprint, startsAt: new Date(alert.startsAt) });
    }
    await this.outages.attachFiringAlerts(manager, attachments);
  }

  /** The alert stays stored in monitoring-ingest, which lists it as unrouted once told. */
  private async reportUnrouted(alert: AlertFiredData, manager: EntityManager): Promise<void> {
    this.log.warn(`alert ${alert.alertId} maps to no known environment (${alert.environmentKey ?? 'no key'})`);
    await this.outbox.append(manager, AlertUnrouted, {
      alertId: alert.alertId,
      environmentKey: alert.environmentKey,
      reason: `no environment has the key ${JSON.stringify(alert.environmentKey)}`,
    });
  }

  /** The outage ticket (S1, 30-minute target from the alert's start) and the outage, with their events. */
  private async open(environment: RoutedEnvironment, alert: AlertFiredData, manager: EntityManager): Promise<OpenOutage> {
    const startedAt = new Date(alert.startsAt);
    const profile = await this.directory.findSupportProfile(manager, environment.customerId);
    if (!profile) throw new Error(`customer ${environment.customerId} of environment ${environment.environmentId} has no row`);
    const sla = ResponseClocks.atCreation(profile, 'S1', this.time.nowMs(manager));
    const ticket = await this.tickets.create(
      manager,
      {
        customerId: environment.customerId,
        environmentId: environment.environmentId,
        type: 'OUTAGE',
        severity: 'S1',
        title: `Outage: ${environment.environmentName} (${alert.alertName})`,
        description: `Opened by monitoring: alert ${alert.alertName} fired at ${alert.startsAt}.`,
        reporter: ACTOR,
        reporterEmail: environment.contactEmail,
        slaTargetMinutes: sla.targetMinutes,
        actor: ACTOR,
      },
      sla.projection,
    );
    await this.audit.append(manager, {
      actor: ACTOR,
      action: 'ticket.created',
      target: `ticket:${ticket.id}`,
      after: { number: ticket.number, type: 'OUTAGE', severity: 'S1', customerId: environment.customerId, environmentId: environment.environmentId },
      requestId: `alert:${alert.alertId}`,
    });
    const outage = await this.outages.insert(manager, { environmentId: environment.environmentId, customerId: environment.customerId, ticketId: ticket.id, startedAt });
    await this.outbox.append(manager, TicketCreated, {
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      customerId: environment.customerId,
      customerName: environment.customerName,
      type: 'OUTAGE',
      severity: 'S1',
      title: `Outage: ${environment.environmentName} (${alert.alertName})`,
      reporterEmail: environment.contactEmail,
      createdAt: ticket.createdAt,
    });
    await this.outbox.append(manager, OutageOpened, {
      outageId: outage.id,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      customerId: environment.customerId,
      environmentId: environment.environmentId,
      environmentName: environment.environmentName,
      startedAt: startedAt.toISOString(),
    });
    await this.recovery.start(manager, outage.id);
    return outage;
  }
}
