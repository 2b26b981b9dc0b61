import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AlertFired, AlertResolved } from '@vigil/contracts';
import { OutboxWriter, UnitOfWork } from '@vigil/platform-runtime';
import { AuditLog } from '@vigil/platform-audit';
import type { Integration } from '../../../integrations/integration.repository';
import type { AlertmanagerAlert, AlertmanagerWebhook } from '../../dto/alertmanager-webhook.dto';

export interface AcceptAlertmanagerWebhookCommand {
  integration: Integration;
  webhook: AlertmanagerWebhook;
}

export interface AcceptResult {
  received: number;
  /** Alerts that changed state; repeats and HA duplicates are not counted. */
  recorded: number;
}

/** Alertmanager's zero time marks "no end yet". */
const ZERO_TIME = /^0001-01-01T/;

/**
 * Stores every alert of a webhook and queues its event in one transaction
 * (MON-1, REL-3): the sender gets 2xx only after the commit. Each alert is
 * judged by its own status, never the group's; a resolved alert keeps its
 * `endsAt` as the recovery time.
 */
@Injectable()
export class AcceptAlertmanagerWebhookUseCase {
  constructor(private readonly unitOfWork: UnitOfWork, private readonly outbox: OutboxWriter, private readonly audit: AuditLog) {}

  async execute({ integration, webhook }: AcceptAlertmanagerWebhookCommand): Promise<AcceptResult> {
    const recorded = await this.unitOfWork.run(async (manager) => {
      let count = 0;
      const recordedFingerprints: string[] = [];
      for (const alert of webhook.alerts) {
        const endsAt = alert.status === 'resolved' && !ZERO_TIME.test(alert.endsAt) ? alert.endsAt : null;
        const environmentKey = alert.labels[integration.environmentLabel] ?? null;
        const id = randomUUID();
        const inserted: unknown[] = await manager.query(
          `INSERT INTO monitoring.alert_events
             (id, integration_id, fingerprint, status, starts_at, ends_at, environment_key, alert_name, summary, labels, annotations, group_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (integration_id, fingerprint, status, starts_at, (COALESCE(ends_at, '-infinity'::timestamptz))) DO NOTHING
           RETURNING id`,
          [id, integration.id, alert.fingerprint, alert.status, alert.startsAt, endsAt, environmentKey, alertName(alert), summary(alert),
            JSON.stringify(alert.labels), JSON.stringify(alert.annotations), webhook.groupKey],
        );
        if (inserted.length === 0) continue;
        count++;
        recordedFingerprints.push(`${alert.status}:${alert.fingerprint}`);
        const data = {
          alertId: id,
          integrationId: integration.id,
          source: 'alertmanager' as const,
          fingerprint: alert.fingerprint,
          environmentKey,
          alertName: alertName(alert),
          summary: summary(alert),
          startsAt: new Date(alert.startsAt).toISOString(),
          endsAt: endsAt ? new Date(endsAt).toISOString() : null,
          labels: alert.labels,
        };
        await this.outbox.append(manager, alert.status === 'firing' ? AlertFired : AlertResolved, data, id);
      }
      if (recordedFingerprints.length > 0) {
        // One entry per webhook that changed something (not per alert): an alert storm stays one line per POST.
        await this.audit.append(manager, {
          actor: `integration:${integration.id}`,
          action: 'alerts.accepted',
          target: `integration:${integration.id}`,
          after: { received: webhook.alerts.length, recorded: recordedFingerprints.length, alerts: recordedFingerprints.slice(0, 50) },
          requestId: webhook.groupKey,
        });
      }
      return count;
    });
    return { received: webhook.alerts.length, recorded };
  }
}

const alertName = (alert: AlertmanagerAlert) => alert.labels['alertname'] ?? 'unnamed alert';
const summary = (alert: AlertmanagerAlert) => alert.annotations['summary'] ?? alert.annotations['description'] ?? alertName(alert);
