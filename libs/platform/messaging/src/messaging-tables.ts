/**
 * DDL for the messaging tables every service keeps in its own schema: the
 * transactional outbox, the consumer inbox (idempotency) and dead letters.
 * Called from each service's own timestamped migration.
 */
export function createMessagingTablesSql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `CREATE TABLE ${s}.outbox (
       id uuid CONSTRAINT outbox_pk PRIMARY KEY,
       seq bigserial NOT NULL,
       subject text NOT NULL,
       envelope jsonb NOT NULL,
       trace_context jsonb NOT NULL DEFAULT '{}'::jsonb,
       created_at timestamptz NOT NULL DEFAULT now(),
       published_at timestamptz,
       locked_until timestamptz,
       attempts integer NOT NULL DEFAULT 0,
       last_error text)`,
    `CREATE INDEX outbox_pending_idx ON ${s}.outbox (seq) WHERE published_at IS NULL`,
    `CREATE TABLE ${s}.inbox (
       consumer text NOT NULL,
       event_id uuid NOT NULL,
       processed_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT inbox_pk PRIMARY KEY (consumer, event_id))`,
    `CREATE TABLE ${s}.dead_letter (
       id bigserial CONSTRAINT dead_letter_pk PRIMARY KEY,
       consumer text NOT NULL,
       subject text NOT NULL,
       stream_sequence bigint,
       payload text NOT NULL,
       reason text NOT NULL,
       received_at timestamptz NOT NULL DEFAULT now())`,
  ];
}

export function dropMessagingTablesSql(schema: string): string[] {
  return ['dead_letter', 'inbox', 'outbox'].map((t) => `DROP TABLE IF EXISTS "${schema}".${t}`);
}
