import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ListOutagesRequest, OutagePage, OutageView } from '@vigil/contracts';
import { decodeCursor, encodeCursor } from '@vigil/platform-messaging';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** Staff's list of outages (MON-2), newest first, by state, customer or environment. */
@Injectable()
export class ListOutagesUseCase {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async execute(request: ListOutagesRequest): Promise<OutagePage> {
    const limit = request.limit ?? 50;
    const after = request.cursor ? decodeCursor(request.cursor, 2) : null;
    const rows: Array<OutageView & { startedKey: string }> = await this.dataSource.query(
      `SELECT o.id, CASE WHEN o.restored_at IS NOT NULL THEN 'RESTORED' WHEN o.closed_at IS NOT NULL THEN 'CLOSED' ELSE 'OPEN' END AS state,
              o.customer_id AS "customerId", o.environment_id AS "environmentId", e.name AS "environmentName",
              o.ticket_id AS "ticketId", t.number::int AS "ticketNumber", o.started_at AS "startedAt", o.acknowledged_at AS "acknowledgedAt",
              o.restored_at AS "restoredAt", o.closed_at AS "closedAt", t.recovery_minutes::float8 AS "recoveryMinutes",
              t.recovery_target_breached_at IS NOT NULL AS "recoveryTargetBreached",
              (SELECT count(*)::int FROM ticketing.outage_alerts a WHERE a.outage_id = o.id) AS alerts,
              o.started_at::text AS "startedKey"
         FROM ticketing.outages o
         JOIN ticketing.environments e ON e.id = o.environment_id
         JOIN ticketing.tickets t ON t.id = o.ticket_id
        WHERE ($1::text IS NULL OR $1 = CASE WHEN o.restored_at IS NOT NULL THEN 'RESTORED' WHEN o.closed_at IS NOT NULL THEN 'CLOSED' ELSE 'OPEN' END)
          AND ($2::uuid IS NULL OR o.customer_id = $2) AND ($3::uuid IS NULL OR o.environment_id = $3)
          AND ($4::timestamptz IS NULL OR (o.started_at, o.id) < ($4::timestamptz, $5::uuid))
        ORDER BY o.started_at DESC, o.id DESC LIMIT $6`,
      [request.state ?? null, request.customerId ?? null, request.environmentId ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ startedKey: _startedKey, ...o }) => ({
        ...o,
        startedAt: iso(o.startedAt)!,
        acknowledgedAt: iso(o.acknowledgedAt),
        restoredAt: iso(o.restoredAt),
        closedAt: iso(o.closedAt),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor([last.startedKey, last.id]) : null,
    };
  }
}
