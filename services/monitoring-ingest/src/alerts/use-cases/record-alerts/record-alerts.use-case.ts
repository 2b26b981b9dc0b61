import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AlertAcknowledged, AlertFired, AlertResolved, type AlertFiredData } from '@vigil/contracts';
import { OutboxWriter, UnitOfWork } from '@vigil/platform-runtime';
import { AuditLog } from '@vigil/platform-audit';
import type { Integration } from '../../../integrations/integration.repository';
import { environmentKeyOf } from '../../../routing/routing-rules';
import type { ReceivedAlert } from '../../received-alert';

export interface AcceptResult {
  received: number;
  /** Alerts that changed state; repeats and HA duplicates are not counted. */
  recorded: number;
  /** Alerts the sender said it left out (Alertmanager `truncatedAlerts`), so the caller can see them missing. */
  truncatedAlerts: number;
}

const EVENT_OF = { firing: AlertFired, acknowledged: AlertAcknowledged, resolved: AlertResolved } as const;

/**
 * Stores alerts and queues their events in one transaction (MON-1, REL-3):
 * the sender gets 2xx only after the commit. Each alert is stored once per
 * (integration, fingerprint, status, start, end): HA duplicates and repeats
 * hit the unique index and change nothing.
 */
@Injectable()
export class RecordAlertsUseCase {
  private readonly log = new Logger(RecordAlertsUseCase.name);

  constructor(private readonly unitOfWork: UnitOfWork, private readonly outbox: OutboxWriter, private readonly audit: AuditLog) {}

  execute(integration: Integration, alerts: ReceivedAlert[], requestId: string): Promise<AcceptResult> {
    return this.unitOfWork.run((manager) => this.record(manager, integration, alerts, requestId));
  }

  /** Within a caller's transaction (the PagerDuty intake keeps its open-alert table in the same one). */
  async record(manager: EntityManager, integration: Integration, alerts: ReceivedAlert[], requestId: string): Promise<AcceptResult> {
    const recorded: string[] = [];
    for (const alert of alerts) {
      const environmentKey = environmentKeyOf(integration.routing, alert.labels);
      const id = randomUUID();
      const inserted: unknown[] = await manager.query(
        `INSERT INTO monitoring.alert_events
           (id, integration_id, source, fingerprint, status, starts_at, ends_at, environment_key, alert_name, summary, severity,
            labels, annotations, group_key, truncated_alerts, unrouted_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (integration_id, fingerprint, status, starts_at, (COALESCE(ends_at, '-infinity'::timestamptz))) DO NOTHING
         RETURNING id`,
        [id, integration.id, alert.source, alert.fingerprint, alert.status, alert.startsAt, alert.endsAt, environmentKey, alert.alertName, alert.summary,
          alert.severity, JSON.stringify(alert.labels), JSON.stringify(alert.annotations), alert.groupKey, alert.truncatedAlerts,
          environmentKey ? null : 'no routing rule of the integration matched the alert'],
      );
      if (inserted.length === 0) continue;
      recorded.push(`${alert.status}:${alert.fingerprint}`);
      const data: AlertFiredData = {
        alertId: id,
        integrationId: integration.id,
        source: alert.source,
        fingerprint: alert.fingerprint,
        environmentKey,
        alertName: alert.alertName,
        summary: alert.summary,
        startsAt: alert.startsAt.toISOString(),
        endsAt: alert.endsAt?.toISOString() ?? null,
        labels: alert.labels,
      };
      // An unrouted alert is stored and listed, never dropped; no outage can follow from it.
      if (environmentKey) await this.outbox.append(manager, EVENT_OF[alert.status], data, id);
    }
    const truncatedAlerts = Math.max(0, ...alerts.map((a) => a.truncatedAlerts));
    if (truncatedAlerts > 0) this.log.warn(`integration ${integration.id} sent a group with ${truncatedAlerts} alerts left out (truncatedAlerts)`);
    if (recorded.length > 0) {
      // One entry per request that changed something (not per alert): an alert storm stays one line per POST.
      await this.audit.append(manager, {
        actor: `integration:${integration.id}`,
        action: 'alerts.accepted',
        target: `integration:${integration.id}`,
        after: { received: alerts.length, recorded: recorded.length, alerts: recorded.slice(0, 50), ...(truncatedAlerts > 0 ? { truncatedAlerts } : {}) },
        requestId,
      });
    }
    return { received: alerts.length, recorded: recorded.length, truncatedAlerts };
  }
}
