import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AlertAcknowledged, AlertFired, AlertResolved, type AlertFiredData } from '@vigil/contracts';
import { OutboxWriter } from '@vigil/platform-runtime';
import { AuditLog } from '@vigil/platform-audit';
import type { Integration } from '../../../integrations/integration.repository';
import { environmentKeyOf } from '../../../routing/routing-rules';
import { customerKey, EnvironmentDirectoryRepository } from '../../../routing/environment-directory.repository';
import type { ReceivedAlert } from '../../received-alert';

export interface AcceptResult {
  received: number;
  /** Alerts that changed state; repeats and HA duplicates are not counted. */
  recorded: number;
  /** Alerts the sender said it left out (Alertmanager `truncatedAlerts`), so the caller can see them missing. */
  truncatedAlerts: number;
}

/** One request's alerts, as one sender sent them. */
export interface AlertSubmission {
  integration: Integration;
  alerts: ReceivedAlert[];
  requestId: string;
}

interface Row {
  id: string;
  submission: number;
  alert: ReceivedAlert;
  integrationId: string;
  environmentKey: string | null;
  /** Why the alert routes nowhere (kept and listed as unrouted), or null. */
  unroutedReason: string | null;
}

const NO_RULE_MATCHED = 'no routing rule of the integration matched the alert';

const EVENT_OF = { firing: AlertFired, acknowledged: AlertAcknowledged, resolved: AlertResolved } as const;
const COLUMNS = 16;
/** Rows per INSERT statement, well inside Postgres's 65,535 parameters. */
const ROWS_PER_STATEMENT = 1_000;

/** The unique key's order: every transaction meets the same rows in the same order, so concurrent batches cannot deadlock on duplicates. */
const byUniqueKey = (a: Row, b: Row) =>
  a.integrationId.localeCompare(b.integrationId) ||
  a.alert.fingerprint.localeCompare(b.alert.fingerprint) ||
  a.alert.status.localeCompare(b.alert.status) ||
  a.alert.startsAt.getTime() - b.alert.startsAt.getTime() ||
  (a.alert.endsAt?.getTime() ?? -Infinity) - (b.alert.endsAt?.getTime() ?? -Infinity);

/**
 * Stores alerts and queues their events within the caller's transaction
 * (MON-1, REL-3): the sender gets 2xx only after the commit. Each alert is
 * stored once per (integration, fingerprint, status, start, end): HA
 * duplicates and repeats hit the unique index and change nothing. Takes many
 * requests at once (see AlertBatcher), with set-based statements.
 */
@Injectable()
export class RecordAlertsUseCase {
  private readonly log = new Logger(RecordAlertsUseCase.name);

  constructor(private readonly outbox: OutboxWriter, private readonly audit: AuditLog, private readonly directory: EnvironmentDirectoryRepository) {}

  async record(manager: EntityManager, submissions: AlertSubmission[]): Promise<AcceptResult[]> {
    const rows: Row[] = submissions.flatMap(({ integration, alerts }, submission) =>
      alerts.map((alert) => {
        const environmentKey = environmentKeyOf(integration.routing, alert.labels);
        return { id: randomUUID(), submission, alert, integrationId: integration.id, environmentKey, unroutedReason: environmentKey ? null : NO_RULE_MATCHED };
      }),
    );
    await this.confineScopedIntegrations(manager, submissions, rows);
    const inserted = await this.insert(manager, [...rows].sort(byUniqueKey));
    const recordedRows = rows.filter((row) => inserted.has(row.id));
    // An unrouted alert is stored and listed, never dropped; no outage can follow from it.
    await this.outbox.appendMany(
      manager,
      recordedRows.filter((row) => row.environmentKey).map((row) => ({ contract: EVENT_OF[row.alert.status], data: eventData(row), eventId: row.id })),
    );
    const results = submissions.map(({ alerts }, submission) => acceptResult(alerts, recordedRows.filter((row) => row.submission === submission).length));
    await this.auditChanges(manager, submissions, recordedRows, results);
    return results;
  }

  /**
   * A key scoped to one customer routes only to that customer's active
   * environments (issue 13): an alert naming another environment is kept as
   * unrouted, so a customer's own monitoring can never open another
   * customer's outage. One query per batch, and none without scoped keys.
   */
  private async confineScopedIntegrations(manager: EntityManager, submissions: AlertSubmission[], rows: Row[]): Promise<void> {
    const scoped = rows.filter((row) => row.environmentKey !== null && submissions[row.submission]!.integration.customerId !== null);
    const pairs = scoped.map((row) => ({ customerId: submissions[row.submission]!.integration.customerId!, environmentKey: row.environmentKey! }));
    const allowed = await this.directory.customerKeysIn(manager, pairs);
    scoped.forEach((row, i) => {
      if (allowed.has(customerKey(pairs[i]!.customerId, pairs[i]!.environmentKey))) return;
      row.unroutedReason = `environment "${row.environmentKey}" is not an active environment of the customer the integration is scoped to`;
      row.environmentKey = null;
    });
  }

  private async insert(manager: EntityManager, rows: Row[]): Promise<Set<string>> {
    const inserted = new Set<string>();
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
      const values: unknown[] = [];
      const tuples = chunk.map(({ id, alert, integrationId, environmentKey, unroutedReason }, i) => {
        values.push(id, integrationId, alert.source, alert.fingerprint, alert.status, alert.startsAt, alert.endsAt, environmentKey, alert.alertName, alert.summary,
          alert.severity, JSON.stringify(alert.labels), JSON.stringify(alert.annotations), alert.groupKey, alert.truncatedAlerts,
          unroutedReason);
        return `(${Array.from({ length: COLUMNS }, (_, c) => `$${i * COLUMNS + c + 1}`).join(', ')})`;
      });
      const returned: Array<{ id: string }> = await manager.query(
        `INSERT INTO monitoring.alert_events
           (id, integration_id, source, fingerprint, status, starts_at, ends_at, environment_key, alert_name, summary, severity,
            labels, annotations, group_key, truncated_alerts, unrouted_reason)
         VALUES ${tuples.join(', ')}
         ON CONFLICT (integration_id, fingerprint, status, starts_at, (COALESCE(ends_at, '-infinity'::timestamptz))) DO NOTHING
         RETURNING id`,
        values,
      );
      for (const { id } of returned) inserted.add(id);
    }
    return inserted;
  }

  /** One audit entry per integration whose alerts changed something in this batch (an alert storm stays a few lines). */
  private async auditChanges(manager: EntityManager, submissions: AlertSubmission[], recordedRows: Row[], results: AcceptResult[]): Promise<void> {
    const integrations = [...new Set(recordedRows.map((row) => row.integrationId))].sort();
    for (const integrationId of integrations) {
      const mine = submissions.map((s, i) => ({ s, i })).filter(({ s }) => s.integration.id === integrationId);
      const changed = recordedRows.filter((row) => row.integrationId === integrationId).map((row) => `${row.alert.status}:${row.alert.fingerprint}`);
      const truncatedAlerts = Math.max(0, ...mine.map(({ i }) => results[i]!.truncatedAlerts));
      if (truncatedAlerts > 0) this.log.warn(`integration ${integrationId} sent a group with ${truncatedAlerts} alerts left out (truncatedAlerts)`);
      await this.audit.append(manager, {
        actor: `integration:${integrationId}`,
        action: 'alerts.accepted',
        target: `integration:${integrationId}`,
        after: {
          requests: mine.length,
          received: mine.reduce((sum, { i }) => sum + results[i]!.received, 0),
          recorded: changed.length,
          alerts: changed.slice(0, 50),
          ...(truncatedAlerts > 0 ? { truncatedAlerts } : {}),
        },
        requestId: mine[0]!.s.requestId,
      });
    }
  }
}

function acceptResult(alerts: readonly ReceivedAlert[], recorded: number): AcceptResult {
  return { received: alerts.length, recorded, truncatedAlerts: Math.max(0, ...alerts.map((a) => a.truncatedAlerts)) };
}

/** The answer to a request whose alerts were all stored before. */
export const acceptedRepeats = (alerts: readonly ReceivedAlert[]): AcceptResult => acceptResult(alerts, 0);

function eventData({ id, alert, integrationId, environmentKey }: Row): AlertFiredData {
  return {
    alertId: id,
    integrationId,
    source: alert.source,
    fingerprint: alert.fingerprint,
    environmentKey,
    alertName: alert.alertName,
    summary: alert.summary,
    startsAt: alert.startsAt.toISOString(),
    endsAt: alert.endsAt?.toISOString() ?? null,
    labels: alert.labels,
  };
}
