import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { currentRequestId } from '@vigil/platform-observability';
import type { DataSource, EntityManager } from 'typeorm';
import { auditAppended, type ListAuditRequest } from '@vigil/contracts';
import type { OutboxWriter } from '@vigil/platform-messaging';
import type { Clock } from '@vigil/platform-clock';
import { insertAtCommit } from '@vigil/platform-persistence';
import { auditHash, GENESIS_HASH, type AuditEntry } from './audit-chain';

/** An entry's recorded fields: the intake's columns, and the log's between `position` and the hashes (link's unnest lists their types and values in this order). */
const INTAKE_COLUMNS = ['id', 'occurred_at', 'actor', 'action', 'target', 'before', 'after', 'request_id', 'trace_id'] as const;

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
 * When an entry gets its place in the chain (decision 0024):
 * - `in-transaction`: the append itself links it, under a per-service
 *   advisory lock held to commit, so audited transactions commit one at a time;
 * - `after-commit`: the append records it in `audit_intake` in the caller's
 *   transaction (the action and its record still commit together, ACC-1) and
 *   `seal` links committed entries in batches, under the same lock.
 */
export type AuditSealing = 'in-transaction' | 'after-commit';

/**
 * Appends to the service's hash-chained audit log in the caller's
 * transaction, so the action and its record commit together (ACC-1). The
 * chain is linear with gapless positions: it is extended under an advisory
 * lock per service. Each extension also queues a witness event (position and
 * hash of the head) through the outbox.
 */
export class AuditLog {
  /** Transactions (their EntityManagers) that recorded an entry for after-commit sealing, so only those wake the sealer. */
  private readonly recordedIn = new WeakSet<EntityManager>();

  constructor(
    private readonly service: string,
    private readonly schema: string,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    readonly sealing: AuditSealing = 'in-transaction',
  ) {}

  /** Whether this transaction recorded an entry that the sealer has yet to link. */
  awaitsSealing(manager: EntityManager): boolean {
    return this.recordedIn.has(manager);
  }

  private get table(): string {
    return `"${this.schema}".audit_log`;
  }

  async append(manager: EntityManager, record: AuditRecord): Promise<void> {
    const content = {
      id: randomUUID(),
      occurredAt: this.clock.isoNow(),
      actor: record.actor,
      action: record.action,
      target: record.target,
      before: record.before ?? null,
      after: record.after ?? null,
      requestId: record.requestId ?? currentRequestId(),
      traceId: trace.getActiveSpan()?.spanContext().traceId ?? null,
    };
    if (this.sealing === 'after-commit') {
      // Nothing reads the intake inside the transaction: the row goes with the commit (insertAtCommit).
      await insertAtCommit(manager, {
        table: `"${this.schema}".audit_intake`,
        columns: INTAKE_COLUMNS,
        rows: [[content.id, content.occurredAt, content.actor, content.action, content.target, JSON.stringify(content.before), JSON.stringify(content.after), content.requestId, content.traceId]],
      });
      this.recordedIn.add(manager);
      return;
    }
    // The chain's lock and position hold only inside a transaction; outside one (e.g. a unit written as one statement) they would not.
    if (!manager.queryRunner?.isTransactionActive) throw new Error(`${this.service}'s audit log seals in the transaction: append inside one`);
    await this.lockChain(manager);
    const [stored] = await this.link(manager, [content]);
    await this.witness(manager, stored!);
  }

  /**
   * Links up to `batchSize` committed intake entries into the chain, oldest
   * first, in one transaction (after-commit sealing); returns how many. Safe
   * from several replicas: they take turns on the chain's lock.
   */
  async seal(dataSource: DataSource, batchSize = 500): Promise<number> {
    return dataSource.transaction(async (manager) => {
      await this.lockChain(manager);
      const rows: Array<Record<string, unknown>> = await manager.query(
        `SELECT seq, ${INTAKE_COLUMNS.join(', ')} FROM "${this.schema}".audit_intake ORDER BY seq LIMIT $1`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      const linked = await this.link(
        manager,
        rows.map(recordedFields),
      );
      // The head is what a witness proves; one per batch says as much as one per entry.
      await this.witness(manager, linked[linked.length - 1]!);
      await manager.query(`DELETE FROM "${this.schema}".audit_intake WHERE seq = ANY($1)`, [rows.map((row) => row['seq'])]);
      return rows.length;
    });
  }

  private async lockChain(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [this.table]);
  }

  /** Under the chain's lock: gives the entries the next positions after the head, links and stores them. */
  private async link(manager: EntityManager, contents: Array<Omit<AuditEntry, 'position' | 'prevHash'>>): Promise<StoredAuditEntry[]> {
    const [last]: Array<{ position: string; hash: string }> = await manager.query(`SELECT position, hash FROM ${this.table} ORDER BY position DESC LIMIT 1`);
    let position = last ? Number(last.position) : 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const stored: StoredAuditEntry[] = [];
    for (const content of contents) {
      const entry: AuditEntry = { position: ++position, ...content, prevHash };
      const hash = auditHash(entry);
      stored.push({ ...entry, hash });
      prevHash = hash;
    }
    const column = <K extends keyof StoredAuditEntry>(key: K) => stored.map((e) => e[key]);
    await manager.query(
      `INSERT INTO ${this.table} (position, ${INTAKE_COLUMNS.join(', ')}, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::text[], $10::text[], $11::text[], $12::text[])`,
      [column('position'), column('id'), column('occurredAt'), column('actor'), column('action'), column('target'),
        stored.map((e) => JSON.stringify(e.before)), stored.map((e) => JSON.stringify(e.after)), column('requestId'), column('traceId'), column('prevHash'), column('hash')],
    );
    return stored;
  }

  private async witness(manager: EntityManager, head: StoredAuditEntry): Promise<void> {
    await this.outbox.append(manager, auditAppended(this.service), { service: this.service, position: head.position, hash: head.hash });
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

/** What an entry says, read from a row of the log or of the intake. */
function recordedFields(row: Record<string, unknown>) {
  return {
    id: row['id'] as string,
    occurredAt: (row['occurred_at'] as Date).toISOString(),
    actor: row['actor'] as string,
    action: row['action'] as string,
    target: row['target'] as string,
    before: row['before'] ?? null,
    after: row['after'] ?? null,
    requestId: (row['request_id'] as string | null) ?? null,
    traceId: (row['trace_id'] as string | null) ?? null,
  };
}

function toEntry(row: Record<string, unknown>): StoredAuditEntry {
  return {
    position: Number(row['position']),
    ...recordedFields(row),
    prevHash: row['prev_hash'] as string,
    hash: row['hash'] as string,
  };
}
