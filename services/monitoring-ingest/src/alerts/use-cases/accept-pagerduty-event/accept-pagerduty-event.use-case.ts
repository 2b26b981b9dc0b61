import { Clock } from '@vigil/platform-clock';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UnitOfWork } from '@vigil/platform-runtime';
import { queryRows } from '@vigil/platform-persistence';
import type { Integration } from '../../../integrations/integration.repository';
import type { PagerDutyEvent } from '@vigil/contracts';
import { fromPagerDutyTrigger, parsePagerDutyTimestamp } from '../../formats/pagerduty.format';
import type { AlertStatus, ReceivedAlert } from '../../received-alert';
import { RecordAlertsUseCase } from '../record-alerts/record-alerts.use-case';

export interface PagerDutyResult {
  dedupKey: string;
  recorded: number;
}

interface StoredFiring {
  alert_name: string;
  summary: string;
  severity: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  group_key: string | null;
}

/**
 * PagerDuty Events v2 semantics (MON-1, MON-2): a `dedup_key` names one open
 * alert. Triggers while it is open are repeats; acknowledge and resolve apply
 * to the open alert only (and are accepted, changing nothing, when there is
 * none); after a resolve the same key opens a new alert.
 */
@Injectable()
export class AcceptPagerDutyEventUseCase {
  constructor(private readonly unitOfWork: UnitOfWork, private readonly recordAlerts: RecordAlertsUseCase, private readonly clock: Clock) {}

  execute(integration: Integration, event: PagerDutyEvent, requestId: string): Promise<PagerDutyResult> {
    return this.unitOfWork.run(async (manager) => {
      if (event.event_action === 'trigger') {
        const dedupKey = event.dedup_key ?? randomUUID();
        const startsAt = await this.openAlertStart(manager, integration.id, dedupKey, event.payload.timestamp ? parsePagerDutyTimestamp(event.payload.timestamp) : null);
        const [{ recorded }] = await this.recordAlerts.record(manager, [{ integration, alerts: [fromPagerDutyTrigger(event, dedupKey, startsAt)], requestId }]);
        return { dedupKey, recorded };
      }
      const dedupKey = event.dedup_key;
      const open =
        event.event_action === 'resolve'
          ? await queryRows<{ starts_at: Date; ends_at: Date }>(
              manager,
              `DELETE FROM monitoring.pagerduty_open_alerts WHERE integration_id = $1 AND dedup_key = $2 RETURNING starts_at, $3::timestamptz AS ends_at`,
              [integration.id, dedupKey, this.clock.now()],
            )
          : await queryRows<{ starts_at: Date; ends_at: null }>(
              manager,
              `SELECT starts_at, NULL AS ends_at FROM monitoring.pagerduty_open_alerts WHERE integration_id = $1 AND dedup_key = $2 FOR UPDATE`,
              [integration.id, dedupKey],
            );
      if (open.length === 0) return { dedupKey, recorded: 0 };
      const status: AlertStatus = event.event_action === 'resolve' ? 'resolved' : 'acknowledged';
      const alert = await this.followUp(manager, integration.id, dedupKey, open[0]!.starts_at, status, open[0]!.ends_at);
      const [{ recorded }] = await this.recordAlerts.record(manager, [{ integration, alerts: [alert], requestId }]);
      return { dedupKey, recorded };
    });
  }

  /** The start of the open alert for this key, opening one (at the event's timestamp, else now) when there is none. */
  private async openAlertStart(manager: EntityManager, integrationId: string, dedupKey: string, timestamp: Date | null): Promise<Date> {
    const opened = await queryRows<{ starts_at: Date }>(
      manager,
      `INSERT INTO monitoring.pagerduty_open_alerts (integration_id, dedup_key, starts_at) VALUES ($1, $2, COALESCE($3::timestamptz, $4::timestamptz))
       ON CONFLICT ON CONSTRAINT pagerduty_open_alerts_pk DO NOTHING RETURNING starts_at`,
      [integrationId, dedupKey, timestamp, this.clock.now()],
    );
    if (opened[0]) return opened[0].starts_at;
    // A concurrent trigger for the same key waited on the insert above and now sees its row.
    const [existing] = await queryRows<{ starts_at: Date }>(
      manager,
      `SELECT starts_at FROM monitoring.pagerduty_open_alerts WHERE integration_id = $1 AND dedup_key = $2`,
      [integrationId, dedupKey],
    );
    return existing!.starts_at;
  }

  /** An acknowledge or resolve carries no payload: it keeps the labels (and so the routing) of the alert it follows. */
  private async followUp(manager: EntityManager, integrationId: string, dedupKey: string, startsAt: Date, status: AlertStatus, endsAt: Date | null): Promise<ReceivedAlert> {
    const [firing] = await queryRows<StoredFiring>(
      manager,
      `SELECT alert_name, summary, severity, labels, annotations, group_key FROM monitoring.alert_events
        WHERE integration_id = $1 AND fingerprint = $2 AND status = 'firing' AND starts_at = $3 LIMIT 1`,
      [integrationId, dedupKey, startsAt],
    );
    return {
      source: 'pagerduty',
      fingerprint: dedupKey,
      status,
      startsAt,
      endsAt,
      alertName: firing?.alert_name ?? dedupKey,
      summary: firing?.summary ?? dedupKey,
      severity: firing?.severity ?? null,
      labels: firing?.labels ?? {},
      annotations: firing?.annotations ?? {},
      groupKey: firing?.group_key ?? null,
      truncatedAlerts: 0,
    };
  }
}
