/**
 * DDL for the workflow-command outbox a service keeps in its own schema.
 * `seq` orders commands per workflow id; `locked_until` is the relay's lease;
 * after too many failed attempts a command is `abandoned_at` (visible, not retried).
 */
export function createWorkflowCommandTableSql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `CREATE TABLE ${s}.workflow_commands (
       id uuid CONSTRAINT workflow_commands_pk PRIMARY KEY,
       seq bigserial NOT NULL,
       workflow_id text NOT NULL,
       workflow_type text NOT NULL,
       task_queue text NOT NULL,
       args jsonb NOT NULL,
       signal_name text,
       signal_args jsonb NOT NULL DEFAULT '[]'::jsonb,
       restart_if_finished boolean NOT NULL,
       trace_context jsonb NOT NULL DEFAULT '{}'::jsonb,
       created_at timestamptz NOT NULL DEFAULT now(),
       delivered_at timestamptz,
       abandoned_at timestamptz,
       locked_until timestamptz,
       attempts integer NOT NULL DEFAULT 0,
       last_error text)`,
    `CREATE INDEX workflow_commands_pending_idx ON ${s}.workflow_commands (workflow_id, seq) WHERE delivered_at IS NULL AND abandoned_at IS NULL`,
  ];
}

/** Pending commands in seq order, as the claim walked them until addWorkflowCommandPrioritySql replaced this index with (priority, seq). */
export function createWorkflowCommandSeqIndexSql(schema: string): string {
  return `CREATE INDEX workflow_commands_pending_seq_idx ON "${schema}".workflow_commands (seq) WHERE delivered_at IS NULL AND abandoned_at IS NULL`;
}

export function dropWorkflowCommandSeqIndexSql(schema: string): string {
  return `DROP INDEX IF EXISTS "${schema}".workflow_commands_pending_seq_idx`;
}

export function dropWorkflowCommandTableSql(schema: string): string[] {
  return [`DROP TABLE IF EXISTS "${schema}".workflow_commands`];
}

/**
 * Issue 19, pages first: `priority` 0 = page, 1 = routine (WorkflowCommandPriority).
 * The claim walks pending commands by (priority, seq), so a page queued behind
 * a backlog of routine commands costs one index probe and goes in the next
 * round. Replaces the seq index. Pending commands of `pageWorkflowTypes` become
 * pages; from here every command says its class (no default).
 */
export function addWorkflowCommandPrioritySql(schema: string, pageWorkflowTypes: readonly string[]): string[] {
  const s = `"${schema}"`;
  const types = pageWorkflowTypes.map((type) => `'${type.replace(/'/g, "''")}'`).join(', ');
  return [
    `ALTER TABLE ${s}.workflow_commands ADD COLUMN priority smallint NOT NULL DEFAULT 1 CONSTRAINT workflow_commands_priority_check CHECK (priority IN (0, 1))`,
    ...(types ? [`UPDATE ${s}.workflow_commands SET priority = 0 WHERE delivered_at IS NULL AND abandoned_at IS NULL AND workflow_type IN (${types})`] : []),
    `ALTER TABLE ${s}.workflow_commands ALTER COLUMN priority DROP DEFAULT`,
    `DROP INDEX IF EXISTS ${s}.workflow_commands_pending_seq_idx`,
    `CREATE INDEX workflow_commands_claim_idx ON ${s}.workflow_commands (priority, seq) WHERE delivered_at IS NULL AND abandoned_at IS NULL`,
  ];
}

export function dropWorkflowCommandPrioritySql(schema: string): string[] {
  const s = `"${schema}"`;
  return [`DROP INDEX IF EXISTS ${s}.workflow_commands_claim_idx`, createWorkflowCommandSeqIndexSql(schema), `ALTER TABLE ${s}.workflow_commands DROP COLUMN priority`];
}

/**
 * Issue 19: a start may ask Temporal to hold its first workflow task back
 * (start delay), counted from the commit. A new ticket's timers wait that way
 * instead of in a timer, so creating a ticket costs Temporal one write and no
 * worker round trip. Null: no delay.
 */
export function addWorkflowCommandStartDelaySql(schema: string): string[] {
  return [`ALTER TABLE "${schema}".workflow_commands ADD COLUMN start_delay_ms bigint CONSTRAINT workflow_commands_start_delay_check CHECK (start_delay_ms >= 0)`];
}

export function dropWorkflowCommandStartDelaySql(schema: string): string[] {
  return [`ALTER TABLE "${schema}".workflow_commands DROP COLUMN start_delay_ms`];
}

/**
 * Issue 19 (decision 0037): a start due far ahead waits in the outbox until
 * `hand_over_at` (business time, the services' clock) instead of in Temporal,
 * so a ticket handled before its deadline nears never reaches Temporal at
 * creation. Held commands leave the claim index; the relay releases due ones
 * through their own index (and a later signal for the workflow claims them
 * with it, superseding the start).
 */
export function addWorkflowCommandHandOverSql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `ALTER TABLE ${s}.workflow_commands ADD COLUMN hand_over_at timestamptz`,
    `DROP INDEX IF EXISTS ${s}.workflow_commands_claim_idx`,
    `CREATE INDEX workflow_commands_claim_idx ON ${s}.workflow_commands (priority, seq) WHERE delivered_at IS NULL AND abandoned_at IS NULL AND hand_over_at IS NULL`,
    `CREATE INDEX workflow_commands_hand_over_idx ON ${s}.workflow_commands (hand_over_at) WHERE hand_over_at IS NOT NULL AND delivered_at IS NULL AND abandoned_at IS NULL`,
  ];
}

export function dropWorkflowCommandHandOverSql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `DROP INDEX IF EXISTS ${s}.workflow_commands_hand_over_idx`,
    `DROP INDEX IF EXISTS ${s}.workflow_commands_claim_idx`,
    `CREATE INDEX workflow_commands_claim_idx ON ${s}.workflow_commands (priority, seq) WHERE delivered_at IS NULL AND abandoned_at IS NULL`,
    `ALTER TABLE ${s}.workflow_commands DROP COLUMN hand_over_at`,
  ];
}
