import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { currentRequestId } from '@vigil/platform-observability';
import type { EntityManager } from 'typeorm';
import { auditAppended, type ListAuditRequest } from '@vigil/contracts';
import type { OutboxWriter } from '@vigil/platform-messaging';
import type { Clock } from '@vigil/platform-clock';
import { auditHash, GENESIS_HASH, type AuditEntry } from './audit-chain';

export interface AuditRecord {
  /** Who: `staff:<id>`, `customer:<id>`, `integration:<id>` or `system:<component>`. */
  actor: string;
  action: string;
  /** What it was done to, e.g. `ticket:<id>`. */
  target: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
}

export type StoredAuditEntry = AuditEntry & { hash: string };

/**
 * Appends to the service's hash-chained audit log in the caller's
 * transaction, so the action and its record commit together (ACC-1). Appends
 * are serialised per service by an advisory lock, which keeps positions
 * gapless and the chain linear. Each append also queues a witness event
 * (position and hash) through the outbox.
 */
export class AuditLog {
  constructor(private readonly service: string, private readonly schema: string, private readonly outbox: OutboxWriter, private readonly clock: Clock) {}

  async append(manager: EntityManager, record: AuditRecord): Promise<StoredAuditEntry> {
    const table = `"${this.schema}".audit_log`;
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [table]);
    const [last]: Array<{ position: string; hash: string }> = await manager.query(`SELECT position, hash FROM ${table} ORDER BY position DESC LIMIT 1`);
    const entry: AuditEntry = {
      position: last ? Number(last.position) + 1 : 1,
      id: randomUUID(),
      occurredAt: this.clock.isoNow(),
      actor: record.actor,
      action: record.action,
      target: record.target,
      before: record.before ?? null,
      after: record.after ?? null,
      requestId: record.requestId ?? currentRequestId(),
      traceId: trace.getActiveSpan()?.spanContext().traceId ?? null,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const hash = auditHash(entry);
    await manager.query(
      `INSERT INTO ${table} (position, id, occurred_at, actor, action, target, before, after, request_id, trace_id, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [entry.position, entry.id, entry.occurredAt, entry.actor, entry.action, entry.target, JSON.stringify(entry.before), JSON.stringify(entry.after),
        entry.requestId, entry.traceId, entry.prevHash, hash],
    );
    await this.outbox.append(manager, auditAppended(this.service), { service: this.service, position: entry.position, hash });
    return { ...entry, hash };
  }

  /** The whole chain in order, for verification. */
  async readChain(manager: EntityManager): Promise<StoredAuditEntry[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(`SELECT * FROM "${this.schema}".audit_log ORDER BY position`);
    return rows.map(toEntry);
  }

  /** Newest first, filtered. */
  async list(manager: EntityManager, filter: Omit<ListAuditRequest, 'caller'>): Promise<StoredAuditEntry[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.actor) add('actor = ?', filter.actor);
    if (filter.action) add('action = ?', filter.action);
    if (filter.target) add('target = ?', filter.target);
    if (filter.since) add('occurred_at >= ?', filter.since);
    if (filter.until) add('occurred_at < ?', filter.until);
    params.push(filter.limit ?? 100);
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT * FROM "${this.schema}".audit_log ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY position DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toEntry);
  }
}

function toEntry(row: Record<string, unknown>): StoredAuditEntry {
  return {
    position: Number(row['position']),
    id: row['id'] as string,
    occurredAt: (row['occurred_at'] as Date).toISOString(),
    actor: row['actor'] as string,
    action: row['action'] as string,
    target: row['target'] as string,
    before: row['before'] ?? null,
    after: row['after'] ?? null,
    requestId: (row['request_id'] as string | null) ?? null,
    traceId: (row['trace_id'] as string | null) ?? null,
    prevHash: row['prev_hash'] as string,
    hash: row['hash'] as string,
  };
}
