import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AlertPage, AlertView, ListAlertsRequest } from '@vigil/contracts';
import { decodeCursor, encodeCursor } from '@vigil/platform-messaging';

type AlertRow = AlertView & { receivedKey: string };

/** Staff's view of what arrived, newest first, with filters; unrouted alerts stay findable (MON-2). */
@Injectable()
export class ListAlertsUseCase {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async execute(request: ListAlertsRequest): Promise<AlertPage> {
    const limit = request.limit ?? 50;
    const after = request.cursor ? decodeCursor(request.cursor, 2) : null;
    const rows: AlertRow[] = await this.dataSource.query(
      `SELECT id, integration_id AS "integrationId", source, fingerprint, status, alert_name AS "alertName", summary, severity,
              starts_at AS "startsAt", ends_at AS "endsAt", environment_key AS "environmentKey",
              (environment_key IS NULL OR unrouted_reason IS NOT NULL) AS unrouted, unrouted_reason AS "unroutedReason",
              labels, truncated_alerts AS "truncatedAlerts", received_at AS "receivedAt", received_at::text AS "receivedKey"
         FROM monitoring.alert_events
        WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR source = $2) AND ($3::uuid IS NULL OR integration_id = $3)
          AND ($4::text IS NULL OR environment_key = $4)
          AND ($5::boolean IS NULL OR (environment_key IS NULL OR unrouted_reason IS NOT NULL) = $5)
          AND ($6::timestamptz IS NULL OR (received_at, id) < ($6::timestamptz, $7::uuid))
        ORDER BY received_at DESC, id DESC LIMIT $8`,
      [request.status ?? null, request.source ?? null, request.integrationId ?? null, request.environmentKey ?? null, request.unrouted ?? null,
        after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ receivedKey: _receivedKey, ...alert }) => ({
        ...alert,
        startsAt: new Date(alert.startsAt).toISOString(),
        endsAt: alert.endsAt ? new Date(alert.endsAt).toISOString() : null,
        receivedAt: new Date(alert.receivedAt).toISOString(),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor([last.receivedKey, last.id]) : null,
    };
  }
}
