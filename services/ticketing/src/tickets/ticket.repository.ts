import { TransactionClock } from '@vigil/platform-runtime';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertAtCommit, queryRows } from '@vigil/platform-persistence';
import type { ListTicketsRequest, TicketComment, TicketHistoryEntry, TicketStatus, TicketView } from '@vigil/contracts';
import type { StatusEntry } from '@vigil/util-sla';
import { decodeCursor, encodeCursor } from '@vigil/platform-messaging';
import { SUPPORT_PROFILE_COLUMNS, supportProfileOf, type SupportProfile } from '../customers/customer-directory.repository';

export interface NewTicketRow {
  customerId: string;
  environmentId: string | null;
  type: TicketView['type'];
  severity: TicketView['severity'];
  title: string;
  description: string;
  reporter: string;
  reporterEmail: string;
  slaTargetMinutes: number;
  actor: string;
}

/** The fields a command needs, read under a row lock. */
export interface TicketForUpdate {
  id: string;
  number: number;
  customerId: string;
  type: TicketView['type'];
  severity: TicketView['severity'];
  status: TicketStatus;
  title: string;
  reporterEmail: string;
  slaTargetMinutes: number | null;
  slaBreachedAt: Date | null;
}

/** What a support ticket needs before it is written (prepareNewTicket). */
export type NewTicketBasis =
  | { found: 'ticket'; profile: SupportProfile; environmentId: string | null; number: number }
  /** A named environment that is not the customer's: no number was reserved. */
  | { found: 'customer only'; profile: SupportProfile };

const NEW_TICKET_COLUMNS = ['id', 'number', 'customer_id', 'environment_id', 'type', 'severity', 'status', 'title', 'description', 'reporter', 'reporter_email',
  'sla_target_minutes', 'sla_state', 'sla_due_at', 'created_at', 'updated_at', 'status_changed_at'] as const;
const HISTORY_COLUMNS = ['ticket_id', 'actor', 'action', 'field', 'from_value', 'to_value', 'at'] as const;

export interface SlaProjection {
  state: 'RUNNING' | 'PAUSED' | 'STOPPED';
  dueAt: Date | null;
}

const FOR_UPDATE_COLUMNS = 'id, number::int AS number, customer_id, type, severity, status, title, reporter_email, sla_target_minutes, sla_breached_at';

const ticketForUpdateOf = (row: Record<string, unknown>): TicketForUpdate => ({
  id: row['id'] as string,
  number: row['number'] as number,
  customerId: row['customer_id'] as string,
  type: row['type'] as TicketView['type'],
  severity: row['severity'] as TicketView['severity'],
  status: row['status'] as TicketStatus,
  title: row['title'] as string,
  reporterEmail: row['reporter_email'] as string,
  slaTargetMinutes: row['sla_target_minutes'] as number | null,
  slaBreachedAt: row['sla_breached_at'] as Date | null,
});

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const VIEW_COLUMNS = `id, number::int AS number, customer_id AS "customerId", environment_id AS "environmentId", type, severity, status, resolution,
  title, description, assignee_id AS "assigneeId", escalated_at IS NOT NULL AS escalated,
  ${ISO('created_at')} AS "createdAt", ${ISO('updated_at')} AS "updatedAt", ${ISO('recovered_at')} AS "recoveredAt",
  recovery_minutes::float8 AS "recoveryMinutes",
  CASE WHEN sla_state IS NULL THEN NULL ELSE json_build_object('state', sla_state, 'targetMinutes', sla_target_minutes,
    'dueAt', ${ISO('sla_due_at')}, 'breached', sla_breached_at IS NOT NULL) END AS sla`;

/** Tickets, their comments and their history (TKT-7). Reads take the customer id when a tenant asks. */
@Injectable()
export class TicketRepository {
  /** Every time a transaction writes is its one instant (TransactionClock), so history and SLA arithmetic agree. */
  constructor(private readonly time: TransactionClock) {}

  // unscoped: inserts a row whose customer the use case checked (t.customerId)
  /** The new ticket and its first history entry in one statement; answers the ticket as readers see it. */
  async create(manager: EntityManager, t: NewTicketRow, sla: SlaProjection): Promise<TicketView> {
    const [view] = await queryRows<TicketView>(
      manager,
      `WITH created AS (
         INSERT INTO ticketing.tickets (id, customer_id, environment_id, type, severity, status, title, description, reporter, reporter_email,
           sla_target_minutes, sla_state, sla_due_at, created_at, updated_at, status_changed_at)
         VALUES ($1, $2, $3, $4, $5, 'SUBMITTED', $6, $7, $8, $9, $10, $11, $12, $13, $13, $13) RETURNING *),
       history AS (
         INSERT INTO ticketing.ticket_history (ticket_id, actor, action, field, from_value, to_value, at)
         SELECT id, $14::text, 'created', 'status', NULL, 'SUBMITTED', $13::timestamptz FROM created)
       SELECT ${VIEW_COLUMNS} FROM created`,
      [randomUUID(), t.customerId, t.environmentId, t.type, t.severity, t.title, t.description, t.reporter, t.reporterEmail, t.slaTargetMinutes, sla.state, sla.dueAt, this.time.now(manager), t.actor],
    );
    return view!;
  }

  /**
   * One read for a new support ticket: the customer's support profile,
   * whether the named environment (if any) is the customer's, and the
   * ticket's number, reserved from the tickets' sequence only when both are
   * found. Ids come back as stored, whatever case the request used. Null
   * when the customer is not in the directory.
   */
  async prepareNewTicket(manager: EntityManager, customerId: string, environmentId: string | null): Promise<NewTicketBasis | null> {
    const [row] = await queryRows<Record<string, unknown>>(
      manager,
      `SELECT ${SUPPORT_PROFILE_COLUMNS}, environment.found AS environment_found, environment.stored_id AS environment_id,
              CASE WHEN environment.found THEN nextval('ticketing.tickets_number_seq') END::int AS number
         FROM ticketing.customers c
        CROSS JOIN LATERAL (SELECT e.id AS stored_id, $2::uuid IS NULL OR e.id IS NOT NULL AS found
                              FROM (SELECT 1) one LEFT JOIN ticketing.environments e ON e.id = $2 AND e.customer_id = c.id) environment
        WHERE c.id = $1`,
      [customerId, environmentId],
    );
    if (!row) return null;
    const profile = supportProfileOf(row);
    if (!row['environment_found']) return { found: 'customer only', profile };
    return { found: 'ticket', profile, environmentId: row['environment_id'] as string | null, number: row['number'] as number };
  }

  // unscoped: inserts a row whose customer the use case checked (t.customerId)
  /**
   * The new ticket and its first history entry as rows written at commit
   * (insertAtCommit), under the number prepareNewTicket reserved; answers the
   * ticket as readers will see it. Nothing may read the ticket back before
   * the commit.
   */
  async createAtCommit(manager: EntityManager, t: NewTicketRow, sla: SlaProjection, number: number): Promise<TicketView> {
    const id = randomUUID();
    const at = this.time.now(manager);
    await insertAtCommit(manager, {
      table: 'ticketing.tickets',
      columns: NEW_TICKET_COLUMNS,
      rows: [[id, number, t.customerId, t.environmentId, t.type, t.severity, 'SUBMITTED', t.title, t.description, t.reporter, t.reporterEmail,
        t.slaTargetMinutes, sla.state, sla.dueAt, at, at, at]],
    });
    await insertAtCommit(manager, { table: 'ticketing.ticket_history', columns: HISTORY_COLUMNS, rows: [[id, t.actor, 'created', 'status', null, 'SUBMITTED', at]] });
    const iso = at.toISOString();
    return {
      id,
      number,
      customerId: t.customerId,
      environmentId: t.environmentId,
      type: t.type,
      severity: t.severity,
      status: 'SUBMITTED',
      resolution: null,
      title: t.title,
      description: t.description,
      assigneeId: null,
      escalated: false,
      createdAt: iso,
      updatedAt: iso,
      recoveredAt: null,
      recoveryMinutes: null,
      sla: { state: sla.state, targetMinutes: t.slaTargetMinutes, dueAt: sla.dueAt?.toISOString() ?? null, breached: false },
    };
  }

  /** `customerId` given: a tenant's command, and another customer's ticket is simply not found (ACC-6). */
  async lockForUpdate(manager: EntityManager, ticketId: string, customerId: string | undefined): Promise<TicketForUpdate | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT ${FOR_UPDATE_COLUMNS} FROM ticketing.tickets WHERE id = $1 AND ($2::uuid IS NULL OR customer_id = $2::uuid) FOR UPDATE`,
      [ticketId, customerId ?? null],
    );
    return rows[0] ? ticketForUpdateOf(rows[0]) : null;
  }

  /** Open tickets of a customer whose response clock runs under a contract target, locked for a re-derivation (TKT-2). */
  async lockOpenWithResponseClock(manager: EntityManager, customerId: string): Promise<Array<TicketForUpdate & { slaDueAt: Date | null }>> {
    const rows = await queryRows<Record<string, unknown>>(
      manager,
      `SELECT ${FOR_UPDATE_COLUMNS}, sla_due_at FROM ticketing.tickets
        WHERE customer_id = $1 AND sla_target_minutes IS NOT NULL AND status NOT IN ('RESOLVED', 'CLOSED') ORDER BY id FOR UPDATE`,
      [customerId],
    );
    return rows.map((row) => ({ ...ticketForUpdateOf(row), slaDueAt: row['sla_due_at'] as Date | null }));
  }

  // unscoped: runs on a ticket the use case already locked for its customer
  async setSlaTarget(manager: EntityManager, ticketId: string, targetMinutes: number): Promise<void> {
    await manager.query(`UPDATE ticketing.tickets SET sla_target_minutes = $2 WHERE id = $1`, [ticketId, targetMinutes]);
  }

  // unscoped: runs on a ticket the use case already found or locked for the caller's tenant
  async changeStatus(manager: EntityManager, ticketId: string, to: TicketStatus, resolution: string | null): Promise<void> {
    await manager.query(
      `UPDATE ticketing.tickets SET status = $2, resolution = $3, status_changed_at = $4, updated_at = $4 WHERE id = $1`,
      [ticketId, to, resolution, this.time.now(manager)],
    );
  }

  // unscoped: runs on a ticket the use case already found or locked for the caller's tenant
  /** Returns the previous assignee. */
  async assign(manager: EntityManager, ticketId: string, assigneeId: string | null): Promise<string | null> {
    const [before] = await manager.query(`SELECT assignee_id FROM ticketing.tickets WHERE id = $1`, [ticketId]);
    await manager.query(`UPDATE ticketing.tickets SET assignee_id = $2, updated_at = $3 WHERE id = $1`, [ticketId, assigneeId, this.time.now(manager)]);
    return before?.assignee_id ?? null;
  }

  // unscoped: runs on a ticket the use case already found or locked for the caller's tenant
  async markEscalated(manager: EntityManager, ticketId: string): Promise<void> {
    await manager.query(`UPDATE ticketing.tickets SET escalated_at = COALESCE(escalated_at, $2), updated_at = $2 WHERE id = $1`, [ticketId, this.time.now(manager)]);
  }

  // unscoped: runs on a ticket the use case already found or locked for the caller's tenant
  async touch(manager: EntityManager, ticketId: string): Promise<void> {
    await manager.query(`UPDATE ticketing.tickets SET updated_at = $2 WHERE id = $1`, [ticketId, this.time.now(manager)]);
  }

  // unscoped: runs on a ticket the use case already found or locked for the caller's tenant
  async saveSlaProjection(manager: EntityManager, ticketId: string, sla: SlaProjection): Promise<void> {
    await manager.query(`UPDATE ticketing.tickets SET sla_state = $2, sla_due_at = $3 WHERE id = $1`, [ticketId, sla.state, sla.dueAt]);
  }

  // unscoped: SLA clocks and timers are system work on a known ticket; no tenant asks
  /** Returns false when the breach was already recorded: it is flagged, and announced, once. */
  async flagSlaBreach(manager: EntityManager, ticketId: string, breachedAt: Date): Promise<boolean> {
    const updated = await queryRows(
      manager,
      `UPDATE ticketing.tickets SET sla_breached_at = $2, updated_at = $3 WHERE id = $1 AND sla_breached_at IS NULL RETURNING id`,
      [ticketId, breachedAt, this.time.now(manager)],
    );
    return updated.length > 0;
  }

  // unscoped: SLA clocks and timers are system work on a known ticket; no tenant asks
  /**
   * TKT-5: the last change that was not an automation's own (reminders do not
   * restart the wait) and how many reminders were sent since.
   */
  async waitingState(manager: EntityManager, ticketId: string, automationActor: string): Promise<{ lastChangeAt: Date; remindersSent: number }> {
    const [row] = await manager.query(
      `WITH last_change AS (SELECT max(at) AS at FROM ticketing.ticket_history WHERE ticket_id = $1 AND actor <> $2)
       SELECT (SELECT at FROM last_change) AS "lastChangeAt",
              (SELECT count(*)::int FROM ticketing.ticket_history WHERE ticket_id = $1 AND action = 'reminder sent' AND at > (SELECT at FROM last_change)) AS "remindersSent"`,
      [ticketId, automationActor],
    );
    return { lastChangeAt: new Date(row.lastChangeAt), remindersSent: row.remindersSent };
  }

  // unscoped: SLA clocks and timers are system work on a known ticket; no tenant asks
  /** The status timeline the SLA clock is derived from (TKT-2), creation first. */
  async statusTimeline(manager: EntityManager, ticketId: string): Promise<StatusEntry[]> {
    const rows: Array<{ status: string; at: Date }> = await manager.query(
      `SELECT to_value AS status, at FROM ticketing.ticket_history WHERE ticket_id = $1 AND field = 'status' ORDER BY id`,
      [ticketId],
    );
    return rows.map((r) => ({ status: r.status, atMs: new Date(r.at).getTime() }));
  }

  // unscoped: SLA clocks and timers are system work on a known ticket; no tenant asks
  async recordRecovery(manager: EntityManager, ticketId: string, recoveredAt: Date, minutes: number, actor: string): Promise<void> {
    await manager.query(
      `UPDATE ticketing.tickets SET recovered_at = $2, recovery_minutes = $3, updated_at = $4 WHERE id = $1`,
      [ticketId, recoveredAt, minutes, this.time.now(manager)],
    );
    await this.recordHistory(manager, ticketId, actor, 'service restored', 'recovered_at', null, recoveredAt.toISOString());
  }

  // unscoped: SLA clocks and timers are system work on a known ticket; no tenant asks
  /** Returns false when the breach was already recorded (the activity may run twice). */
  async recordRecoveryTargetBreach(manager: EntityManager, ticketId: string, breachedAt: Date, actor: string): Promise<boolean> {
    const updated = await queryRows(
      manager,
      `UPDATE ticketing.tickets SET recovery_target_breached_at = $2, updated_at = $3
        WHERE id = $1 AND recovery_target_breached_at IS NULL RETURNING id`,
      [ticketId, breachedAt, this.time.now(manager)],
    );
    if (updated.length === 0) return false;
    await this.recordHistory(manager, ticketId, actor, 'recovery target breached', 'recovery_target_breached_at', null, breachedAt.toISOString());
    return true;
  }

  // unscoped: runs on a ticket the use case already found or locked for the caller's tenant
  async recordHistory(manager: EntityManager, ticketId: string, actor: string, action: string, field: string | null, from: string | null, to: string | null): Promise<void> {
    await manager.query(
      `INSERT INTO ticketing.ticket_history (ticket_id, actor, action, field, from_value, to_value, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [ticketId, actor, action, field, from, to, this.time.now(manager)],
    );
  }

  // unscoped: runs on a ticket the use case already found or locked for the caller's tenant
  async addComment(
    manager: EntityManager,
    c: { ticketId: string; author: string; authorKind: TicketComment['authorKind']; visibility: TicketComment['visibility']; body: string },
  ): Promise<TicketComment> {
    const id = randomUUID();
    const [row] = await manager.query(
      `INSERT INTO ticketing.ticket_comments (id, ticket_id, author, author_kind, visibility, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${ISO('created_at')} AS "createdAt"`,
      [id, c.ticketId, c.author, c.authorKind, c.visibility, c.body, this.time.now(manager)],
    );
    await this.recordHistory(manager, c.ticketId, c.author, c.visibility === 'INTERNAL' ? 'internal comment added' : 'comment added', 'comment', null, id);
    return { id, author: c.author, authorKind: c.authorKind, visibility: c.visibility, body: c.body, createdAt: row.createdAt };
  }

  // unscoped: runs on a ticket the use case already found or locked for the caller's tenant
  /** Customers never see internal comments, nor the history entries that point at them. */
  async history(manager: EntityManager, ticketId: string, includeInternal: boolean): Promise<TicketHistoryEntry[]> {
    return manager.query(
      `SELECT ${ISO('at')} AS at, actor, action, field, from_value AS "from", to_value AS "to" FROM ticketing.ticket_history
        WHERE ticket_id = $1 AND ($2 OR action <> 'internal comment added') ORDER BY id`,
      [ticketId, includeInternal],
    );
  }

  // unscoped: runs on a ticket the use case already found or locked for the caller's tenant
  async comments(manager: EntityManager, ticketId: string, includeInternal: boolean): Promise<TicketComment[]> {
    return manager.query(
      `SELECT id, author, author_kind AS "authorKind", visibility, body, ${ISO('created_at')} AS "createdAt" FROM ticketing.ticket_comments
        WHERE ticket_id = $1 AND ($2 OR visibility = 'PUBLIC') ORDER BY created_at, id`,
      [ticketId, includeInternal],
    );
  }

  /** `customerId` given: a tenant's view, and another customer's ticket is simply not found (ACC-6). */
  async findById(manager: EntityManager, ticketId: string, customerId: string | undefined): Promise<TicketView | null> {
    const rows = await manager.query(
      `SELECT ${VIEW_COLUMNS} FROM ticketing.tickets WHERE id = $1 AND ($2::uuid IS NULL OR customer_id = $2::uuid)`,
      [ticketId, customerId ?? null],
    );
    return rows[0] ?? null;
  }

  // unscoped: filter.customerId is pinned to a customer caller's own customer by the use case; staff list across customers
  /** Newest first, keyset-paginated on (created_at, id) so deep pages stay fast. */
  async list(manager: EntityManager, filter: ListTicketsRequest): Promise<{ items: TicketView[]; nextCursor: string | null }> {
    const limit = filter.limit ?? 50;
    const after = filter.cursor ? decodeCursor(filter.cursor, 2) : null;
    const matching = `SELECT * FROM ticketing.tickets
        WHERE ($1::text IS NULL OR type = $1) AND ($2::uuid IS NULL OR customer_id = $2::uuid) AND ($3::text IS NULL OR status = $3)
          AND ($4::text IS NULL OR severity = $4) AND ($5::uuid IS NULL OR assignee_id = $5::uuid)
          AND ($6::boolean IS NULL OR (sla_breached_at IS NOT NULL) = $6)
          AND ($7::text IS NULL OR search @@ websearch_to_tsquery('simple', $7))
          AND ($8::timestamptz IS NULL OR (created_at, id) < ($8::timestamptz, $9::uuid))`;
    // A text search finds its matches through the GIN index first, then sorts them (OFFSET 0 keeps the
    // planner from pushing the LIMIT in). Left to itself the planner guesses 0.5 % of rows match any
    // term it has no statistics for (a ticket number, a rare word), walks tickets_list_idx newest first
    // and filters every ticket when the real matches are few: 100,000 rows for one hit. A term in
    // most tickets is the fence's worst case: a scan and a top-N sort of the table, ~50 ms at 100,000.
    const source = filter.text ? `(${matching} OFFSET 0) AS matches` : `(${matching}) AS listed`;
    const rows: Array<TicketView & { createdKey: string }> = await manager.query(
      `SELECT ${VIEW_COLUMNS}, created_at::text AS "createdKey" FROM ${source}
        ORDER BY created_at DESC, id DESC LIMIT $10`,
      [
        filter.type ?? null,
        filter.customerId ?? null,
        filter.status ?? null,
        filter.severity ?? null,
        filter.assigneeId ?? null,
        filter.breached ?? null,
        filter.text ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit + 1,
      ],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ createdKey: _createdKey, ...view }) => view),
      // Full-precision keys: the shown createdAt is rounded to milliseconds.
      nextCursor: rows.length > limit && last ? encodeCursor([last.createdKey, last.id]) : null,
    };
  }

  // unscoped: staff-wide work queue (TKT-3)
  /**
   * TKT-3 work queue over open tickets: outages, security incidents, S1,
   * breached, then by due time (running clocks first, soonest due first;
   * paused and answered tickets after them, oldest first).
   */
  async workQueue(manager: EntityManager, cursor: string | undefined, limit: number): Promise<{ items: TicketView[]; nextCursor: string | null }> {
    const after = cursor ? decodeCursor(cursor, 4) : null;
    // The sort key mirrors tickets_work_queue_idx; a far-future stand-in puts clocks without a due time last.
    const dueKey = `COALESCE(sla_due_at, 'infinity'::timestamptz)`;
    const rows: Array<TicketView & { rank: number; dueKey: string; createdKey: string }> = await manager.query(
      `SELECT ${VIEW_COLUMNS}, queue_rank AS rank, ${dueKey}::text AS "dueKey", created_at::text AS "createdKey" FROM ticketing.tickets
        WHERE status NOT IN ('RESOLVED', 'CLOSED')
          AND ($1::smallint IS NULL OR (queue_rank, ${dueKey}, created_at, id) > ($1::smallint, $2::timestamptz, $3::timestamptz, $4::uuid))
        ORDER BY queue_rank, ${dueKey}, created_at, id LIMIT $5`,
      [after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, after?.[3] ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ rank: _rank, dueKey: _dueKey, createdKey: _createdKey, ...view }) => view),
      nextCursor: rows.length > limit && last ? encodeCursor([String(last.rank), last.dueKey, last.createdKey, last.id]) : null,
    };
  }
}
