import type { MigrationInterface, QueryRunner } from 'typeorm';

const WEEKDAYS_8_TO_17 = JSON.stringify(Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [{ start: '08:00', end: '17:00' }]])));

/**
 * TKT-1…TKT-7: the support workflow. Customers get their business calendar and
 * response targets; tickets get the fields of the status machine, the SLA
 * clock's stored projection (recomputable from history), comments and
 * idempotency keys for retried POSTs.
 */
export class SupportTickets1763930000000 implements MigrationInterface {
  name = 'SupportTickets1763930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ticketing.customers
      ADD COLUMN weekly_hours jsonb NOT NULL DEFAULT '${WEEKDAYS_8_TO_17}',
      ADD COLUMN holidays jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN response_targets jsonb NOT NULL DEFAULT '{"S1": 60, "S2": 240, "S3": 480, "S4": 960}'`);

    await q.query(`ALTER TABLE ticketing.tickets
      ADD COLUMN description text NOT NULL DEFAULT '',
      ADD COLUMN reporter text NOT NULL DEFAULT 'system',
      ADD COLUMN assignee_id uuid,
      ADD COLUMN resolution text CONSTRAINT tickets_resolution_check CHECK (resolution IN ('DONE', 'CONSULTING', 'AUTO_CLOSED', 'DUPLICATE', 'WONT_DO')),
      ADD COLUMN escalated_at timestamptz,
      ADD COLUMN status_changed_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN sla_target_minutes integer,
      ADD COLUMN sla_state text CONSTRAINT tickets_sla_state_check CHECK (sla_state IN ('RUNNING', 'PAUSED', 'STOPPED')),
      ADD COLUMN sla_due_at timestamptz,
      ADD COLUMN sla_breached_at timestamptz,
      ADD CONSTRAINT tickets_status_check CHECK (status IN ('SUBMITTED', 'IN_PROGRESS', 'WAITING_FOR_CUSTOMER', 'WAITING_FOR_THIRD_PARTY',
        'OPERATION_SCHEDULED', 'CHANGE_REQUESTED', 'RESOLVED', 'CLOSED'))`);
    // TKT-3 work queue: the rank is derived by the database so it can never disagree with the row.
    await q.query(`ALTER TABLE ticketing.tickets ADD COLUMN queue_rank smallint GENERATED ALWAYS AS (
      CASE WHEN type = 'OUTAGE' THEN 1 WHEN type = 'SECURITY_INCIDENT' THEN 2 WHEN severity = 'S1' THEN 3
           WHEN sla_breached_at IS NOT NULL THEN 4 ELSE 5 END) STORED`);
    await q.query(`ALTER TABLE ticketing.tickets ADD COLUMN search tsvector GENERATED ALWAYS AS (
      to_tsvector('simple', title || ' ' || description)) STORED`);
    await q.query(`CREATE INDEX tickets_work_queue_idx ON ticketing.tickets (queue_rank, (COALESCE(sla_due_at, 'infinity'::timestamptz)), created_at, id)
      WHERE status NOT IN ('RESOLVED', 'CLOSED')`);
    await q.query(`CREATE INDEX tickets_search_idx ON ticketing.tickets USING gin (search)`);
    await q.query(`CREATE INDEX tickets_list_idx ON ticketing.tickets (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX tickets_status_idx ON ticketing.tickets (status, created_at DESC)`);
    await q.query(`CREATE INDEX tickets_assignee_idx ON ticketing.tickets (assignee_id, created_at DESC) WHERE assignee_id IS NOT NULL`);
    // Outage tickets predate this migration: they count S1 targets from now on.
    await q.query(`UPDATE ticketing.tickets SET sla_target_minutes = 60, sla_state = 'RUNNING', sla_due_at = created_at + interval '1 hour'
      WHERE sla_target_minutes IS NULL AND status NOT IN ('RESOLVED', 'CLOSED')`);

    await q.query(`CREATE TABLE ticketing.ticket_comments (
      id uuid CONSTRAINT ticket_comments_pk PRIMARY KEY,
      ticket_id uuid NOT NULL CONSTRAINT ticket_comments_ticket_fk REFERENCES ticketing.tickets (id),
      author text NOT NULL,
      author_kind text NOT NULL CONSTRAINT ticket_comments_author_kind_check CHECK (author_kind IN ('staff', 'customer', 'system')),
      visibility text NOT NULL CONSTRAINT ticket_comments_visibility_check CHECK (visibility IN ('PUBLIC', 'INTERNAL')),
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX ticket_comments_ticket_idx ON ticketing.ticket_comments (ticket_id, created_at)`);

    // A retried POST with the same Idempotency-Key returns the first answer (scope: the caller).
    await q.query(`CREATE TABLE ticketing.idempotency_keys (
      scope text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT idempotency_keys_pk PRIMARY KEY (scope, key))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ticketing.idempotency_keys`);
    await q.query(`DROP TABLE ticketing.ticket_comments`);
    for (const index of ['tickets_work_queue_idx', 'tickets_search_idx', 'tickets_list_idx', 'tickets_status_idx', 'tickets_assignee_idx']) {
      await q.query(`DROP INDEX ticketing.${index}`);
    }
    await q.query(`ALTER TABLE ticketing.tickets DROP COLUMN search, DROP COLUMN queue_rank, DROP CONSTRAINT tickets_status_check,
      DROP COLUMN description, DROP COLUMN reporter, DROP COLUMN assignee_id, DROP COLUMN resolution, DROP COLUMN escalated_at,
      DROP COLUMN status_changed_at, DROP COLUMN sla_target_minutes, DROP COLUMN sla_state, DROP COLUMN sla_due_at, DROP COLUMN sla_breached_at`);
    await q.query(`ALTER TABLE ticketing.customers DROP COLUMN weekly_hours, DROP COLUMN holidays, DROP COLUMN response_targets`);
  }
}
