import { TransactionClock } from '@vigil/platform-runtime';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '@vigil/platform-persistence';

export interface OpenOutage {
  id: string;
  ticketId: string;
  startedAt: Date;
}

/** Outages (MON-2) and the alerts attached to them. */
@Injectable()
export class OutageRepository {
  constructor(private readonly time: TransactionClock) {}

  async insert(manager: EntityManager, o: { environmentId: string; customerId: string; ticketId: string; startedAt: Date }): Promise<OpenOutage> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO ticketing.outages (id, environment_id, customer_id, ticket_id, started_at) VALUES ($1, $2, $3, $4, $5)`,
      [id, o.environmentId, o.customerId, o.ticketId, o.startedAt],
    );
    return { id, ticketId: o.ticketId, startedAt: o.startedAt };
  }

  // unscoped: alert intake and outage workflows are system work; no tenant asks
  /**
   * Attaches firing alerts to their outages in one statement; an alert seen
   * again (a new firing of the same fingerprint) moves to its later start.
   */
  async attachFiringAlerts(manager: EntityManager, alerts: Array<{ outageId: string; integrationId: string; fingerprint: string; startsAt: Date }>): Promise<void> {
    // One row per key: an upsert may not touch the same row twice in one statement.
    const latest = new Map<string, (typeof alerts)[number]>();
    for (const alert of alerts) {
      const key = `${alert.outageId}|${alert.integrationId}|${alert.fingerprint}`;
      const seen = latest.get(key);
      if (!seen || seen.startsAt < alert.startsAt) latest.set(key, alert);
    }
    if (latest.size === 0) return;
    const rows = [...latest.values()];
    await manager.query(
      `INSERT INTO ticketing.outage_alerts (outage_id, integration_id, fingerprint, status, starts_at)
       SELECT outage_id, integration_id, fingerprint, 'firing', starts_at
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[]) AS a (outage_id, integration_id, fingerprint, starts_at)
       ON CONFLICT ON CONSTRAINT outage_alerts_pk DO UPDATE SET status = 'firing', starts_at = EXCLUDED.starts_at, ends_at = NULL
       WHERE ticketing.outage_alerts.starts_at <= EXCLUDED.starts_at`,
      [rows.map((r) => r.outageId), rows.map((r) => r.integrationId), rows.map((r) => r.fingerprint), rows.map((r) => r.startsAt)],
    );
  }

  // unscoped: alert intake and outage workflows are system work; no tenant asks
  /** Returns false when the alert is not part of this outage. */
  async markAlertResolved(manager: EntityManager, outageId: string, a: { integrationId: string; fingerprint: string; endsAt: Date }): Promise<boolean> {
    const rows = await queryRows(
      manager,
      `UPDATE ticketing.outage_alerts SET status = 'resolved', ends_at = $4
        WHERE outage_id = $1 AND integration_id = $2 AND fingerprint = $3 RETURNING fingerprint`,
      [outageId, a.integrationId, a.fingerprint, a.endsAt],
    );
    return rows.length > 0;
  }

  // unscoped: alert intake and outage workflows are system work; no tenant asks
  /**
   * When no alert of the outage still fires: the latest alert end, else null.
   * While one fires, only the firing ones are read (their partial index); the
   * outage's every alert only once, at its restoration.
   */
  async restorationTime(manager: EntityManager, outageId: string): Promise<Date | null> {
    const [row] = await manager.query(
      `SELECT CASE WHEN EXISTS (SELECT 1 FROM ticketing.outage_alerts WHERE outage_id = $1 AND status = 'firing') THEN NULL
                   ELSE (SELECT max(ends_at) FROM ticketing.outage_alerts WHERE outage_id = $1) END AS "lastEnd"`,
      [outageId],
    );
    return row.lastEnd ? new Date(row.lastEnd) : null;
  }

  // unscoped: alert intake and outage workflows are system work; no tenant asks
  async markRestored(manager: EntityManager, outageId: string, restoredAt: Date): Promise<void> {
    await manager.query(`UPDATE ticketing.outages SET restored_at = $2 WHERE id = $1`, [outageId, restoredAt]);
  }

  // unscoped: alert intake and outage workflows are system work; no tenant asks
  /** Whether an alert (by integration and fingerprint) belongs to this outage. */
  async hasAlert(manager: EntityManager, outageId: string, integrationId: string, fingerprint: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM ticketing.outage_alerts WHERE outage_id = $1 AND integration_id = $2 AND fingerprint = $3`, [
      outageId,
      integrationId,
      fingerprint,
    ]);
    return rows.length > 0;
  }

  /** What the recovery workflow starts with (OutageRecoveryInput without the configured durations). */
  // unscoped: workflow commands are system work on an outage this transaction just changed
  async recoveryFacts(
    manager: EntityManager,
    outageId: string,
  ): Promise<{ outageId: string; ticketId: string; ticketNumber: number; customerId: string; environmentName: string; startedAt: string } | null> {
    const rows = await manager.query(
      `SELECT o.id AS "outageId", o.ticket_id AS "ticketId", t.number::int AS "ticketNumber", o.customer_id AS "customerId",
              e.name AS "environmentName", o.started_at AS "startedAt"
         FROM ticketing.outages o JOIN ticketing.tickets t ON t.id = o.ticket_id JOIN ticketing.environments e ON e.id = o.environment_id
        WHERE o.id = $1`,
      [outageId],
    );
    return rows[0] ? { ...rows[0], startedAt: new Date(rows[0].startedAt).toISOString() } : null;
  }

  // unscoped: alert intake and outage workflows are system work; no tenant asks
  async markAcknowledged(manager: EntityManager, outageId: string): Promise<void> {
    await manager.query(`UPDATE ticketing.outages SET acknowledged_at = COALESCE(acknowledged_at, $2) WHERE id = $1`, [outageId, this.time.now(manager)]);
  }

  // unscoped: alert intake and outage workflows are system work; no tenant asks
  /** The outage an OUTAGE ticket belongs to, if it is still open. */
  async findOpenByTicket(manager: EntityManager, ticketId: string): Promise<OpenOutage | null> {
    const rows = await manager.query(
      `SELECT id, ticket_id AS "ticketId", started_at AS "startedAt" FROM ticketing.outages WHERE ticket_id = $1 AND restored_at IS NULL AND closed_at IS NULL`,
      [ticketId],
    );
    return rows[0] ?? null;
  }

  // unscoped: alert intake and outage workflows are system work; no tenant asks
  /** Staff closed the outage before service came back: it ends now, and a new alert opens a new outage. */
  async markClosed(manager: EntityManager, outageId: string): Promise<void> {
    await manager.query(`UPDATE ticketing.outages SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL AND restored_at IS NULL`, [outageId, this.time.now(manager)]);
  }

  // unscoped: alert intake and outage workflows are system work; no tenant asks
  async findTicketId(manager: EntityManager, outageId: string): Promise<string | null> {
    const rows = await manager.query(`SELECT ticket_id AS "ticketId" FROM ticketing.outages WHERE id = $1`, [outageId]);
    return rows[0]?.ticketId ?? null;
  }
}
