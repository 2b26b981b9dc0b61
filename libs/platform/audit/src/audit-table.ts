/**
 * The columns of an audit entry as recorded, shared by `audit_log` and
 * `audit_intake` (the sealer copies them from one to the other). Migrations
 * that already ran generate their DDL from this list: changing it changes
 * what those migrations mean, so a new column belongs in a new migration.
 * Joined with the indentation the DDL always had, so the generated SQL is
 * unchanged byte for byte.
 */
const entryColumns = [
  'id uuid NOT NULL',
  'occurred_at timestamptz NOT NULL',
  'actor text NOT NULL',
  'action text NOT NULL',
  'target text NOT NULL',
  'before jsonb',
  'after jsonb',
  'request_id text',
  'trace_id text',
] as const;
const entryColumnsSql = entryColumns.join(',\n       ');

/**
 * DDL of a service's append-only audit log (ACC-1). Triggers refuse UPDATE,
 * DELETE and TRUNCATE for everyone, the application included; someone who
 * disables them and edits rows directly is caught by the hash chain.
 */
export function createAuditLogSql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `CREATE TABLE ${s}.audit_log (
       position bigint CONSTRAINT audit_log_pk PRIMARY KEY,
       ${entryColumnsSql},
       prev_hash text NOT NULL,
       hash text NOT NULL)`,
    `CREATE INDEX audit_log_actor_idx ON ${s}.audit_log (actor, occurred_at)`,
    `CREATE INDEX audit_log_target_idx ON ${s}.audit_log (target, occurred_at)`,
    `CREATE FUNCTION ${s}.audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP; END $$`,
    `CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON ${s}.audit_log
       FOR EACH ROW EXECUTE FUNCTION ${s}.audit_log_is_append_only()`,
    `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON ${s}.audit_log
       FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_log_is_append_only()`,
  ];
}

export function dropAuditLogSql(schema: string): string[] {
  return [`DROP TABLE IF EXISTS "${schema}".audit_log`, `DROP FUNCTION IF EXISTS "${schema}".audit_log_is_append_only()`];
}

/**
 * DDL of the intake of a service whose audit entries are chained after commit
 * (decision 0024): a transaction records its entry here, in the transaction
 * of the action, without the chain's lock; the sealer moves entries into
 * `audit_log` in order, with positions and hashes, and deletes them here.
 * Updating an entry is refused for everyone; moving it out is the sealer's.
 */
export function createAuditIntakeSql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `CREATE TABLE ${s}.audit_intake (
       seq bigserial CONSTRAINT audit_intake_pk PRIMARY KEY,
       ${entryColumnsSql})`,
    `CREATE FUNCTION ${s}.audit_intake_is_not_updated() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit intake entries are not changed (% refused)', TG_OP; END $$`,
    `CREATE TRIGGER audit_intake_no_update BEFORE UPDATE ON ${s}.audit_intake
       FOR EACH ROW EXECUTE FUNCTION ${s}.audit_intake_is_not_updated()`,
  ];
}

export function dropAuditIntakeSql(schema: string): string[] {
  return [`DROP TABLE IF EXISTS "${schema}".audit_intake`, `DROP FUNCTION IF EXISTS "${schema}".audit_intake_is_not_updated()`];
}
