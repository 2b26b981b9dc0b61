import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '@vigil/platform-persistence';
import type { ListTicketsRequest, TicketView } from '@vigil/contracts';

export interface NewTicket {
  customerId: string;
  environmentId: string | null;
  type: TicketView['type'];
  severity: TicketView['severity'];
  title: string;
  reporterEmail: string;
  actor: string;
}

const VIEW_COLUMNS = `id, number::int AS number, customer_id AS "customerId", environment_id AS "environmentId", type, severity, status, title,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(recovered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recoveredAt",
  recovery_minutes::float8 AS "recoveryMinutes"`;

/** Tickets and their history (TKT-7). Reads take the customer id when a tenant asks. */
@Injectable()
export class TicketRepository {
  async create(manager: EntityManager, t: NewTicket): Promise<{ id: string; number: number; createdAt: string }> {
    const id = randomUUID();
    const [row] = await manager.query(
      `INSERT INTO ticketing.tickets (id, customer_id, environment_id, type, severity, status, title, reporter_email)
       VALUES ($1, $2, $3, $4, $5, 'SUBMITTED', $6, $7) RETURNING number::int AS number, created_at AS "createdAt"`,
      [id, t.customerId, t.environmentId, t.type, t.severity, t.title, t.reporterEmail],
    );
    await this.recordHistory(manager, id, t.actor, 'created', 'status', null, 'SUBMITTED');
    return { id, number: row.number, createdAt: new Date(row.createdAt).toISOString() };
  }

  async recordRecovery(manager: EntityManager, ticketId: string, recoveredAt: Date, minutes: number, actor: string): Promise<void> {
    await manager.query(
      `UPDATE ticketing.tickets SET recovered_at = $2, recovery_minutes = $3, updated_at = now() WHERE id = $1`,
      [ticketId, recoveredAt, minutes],
    );
    await this.recordHistory(manager, ticketId, actor, 'service restored', 'recovered_at', null, recoveredAt.toISOString());
  }

  /** Returns false when the breach was already recorded (the activity may run twice). */
  async recordRecoveryTargetBreach(manager: EntityManager, ticketId: string, breachedAt: Date, actor: string): Promise<boolean> {
    const updated = await queryRows(
      manager,
      `UPDATE ticketing.tickets SET recovery_target_breached_at = $2, updated_at = now()
        WHERE id = $1 AND recovery_target_breached_at IS NULL RETURNING id`,
      [ticketId, breachedAt],
    );
    if (updated.length === 0) return false;
    await this.recordHistory(manager, ticketId, actor, 'recovery target breached', 'recovery_target_breached_at', null, breachedAt.toISOString());
    return true;
  }

  async recordHistory(manager: EntityManager, ticketId: string, actor: string, action: string, field: string | null, from: string | null, to: string | null): Promise<void> {
    await manager.query(
      `INSERT INTO ticketing.ticket_history (ticket_id, actor, action, field, from_value, to_value) VALUES ($1, $2, $3, $4, $5, $6)`,
      [ticketId, actor, action, field, from, to],
    );
  }

  /** `customerId` given: a tenant's view, and another customer's ticket is simply not found (ACC-6). */
  async findById(manager: EntityManager, ticketId: string, customerId?: string): Promise<TicketView | null> {
    const rows = await manager.query(
      `SELECT ${VIEW_COLUMNS} FROM ticketing.tickets WHERE id = $1 AND ($2::uuid IS NULL OR customer_id = $2::uuid)`,
      [ticketId, customerId ?? null],
    );
    return rows[0] ?? null;
  }

  async list(manager: EntityManager, filter: ListTicketsRequest): Promise<TicketView[]> {
    return manager.query(
      `SELECT ${VIEW_COLUMNS} FROM ticketing.tickets
        WHERE ($1::text IS NULL OR type = $1) AND ($2::uuid IS NULL OR customer_id = $2::uuid)
        ORDER BY created_at DESC, number DESC LIMIT $3`,
      [filter.type ?? null, filter.customerId ?? null, filter.limit ?? 50],
    );
  }
}
