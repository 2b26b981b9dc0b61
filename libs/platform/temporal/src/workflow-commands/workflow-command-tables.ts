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

/** Pending commands in delivery order: the relay's claim walks it and stops after a batch of heads. */
export function createWorkflowCommandSeqIndexSql(schema: string): string {
  return `CREATE INDEX workflow_commands_pending_seq_idx ON "${schema}".workflow_commands (seq) WHERE delivered_at IS NULL AND abandoned_at IS NULL`;
}

export function dropWorkflowCommandSeqIndexSql(schema: string): string {
  return `DROP INDEX IF EXISTS "${schema}".workflow_commands_pending_seq_idx`;
}

export function dropWorkflowCommandTableSql(schema: string): string[] {
  return [`DROP TABLE IF EXISTS "${schema}".workflow_commands`];
}
