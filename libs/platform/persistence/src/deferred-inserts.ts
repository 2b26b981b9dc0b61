import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent, TransactionStartEvent } from 'typeorm';

/**
 * Rows for an append-only table that the transaction writing them never reads
 * back: outbox events, audit entries awaiting their seal, workflow commands.
 * `table`, `columns` and `onConflict` are the caller's constants, never a
 * client's text; the values are bound parameters.
 */
export interface DeferredInsert {
  table: string;
  columns: readonly string[];
  /** One array of values per row, in `columns` order. */
  rows: unknown[][];
  /** E.g. `ON CONFLICT (id) DO NOTHING`. */
  onConflict?: string;
}

/** Well below Postgres's 65,535 bound parameters per statement. */
const MAX_PARAMETERS_PER_STATEMENT = 30_000;

/**
 * Inside a transaction, `insertAtCommit` queues the rows and writes every
 * queued row of the transaction in one statement just before COMMIT (a
 * TypeORM `beforeTransactionCommit` subscriber, so every way of committing
 * flushes); outside one it inserts at once. Each statement a use case sends is
 * a round trip and a socket write on both ends: a ticket creation's audit
 * entry, event and workflow command cost one statement instead of three.
 *
 * Rows of one table keep their order (they go into one INSERT, in the order
 * queued), so an outbox's sequence still follows the order of appends. A
 * failing flush fails the commit: nothing of the transaction is written.
 * Before a nested transaction (savepoint) starts, what is queued so far is
 * written, so a rolled-back savepoint drops only its own rows.
 */
export function insertAtCommit(manager: EntityManager, insert: DeferredInsert): Promise<void> {
  if (insert.rows.length === 0) return Promise.resolve();
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) return writeInserts(manager, [insert]);
  queueFor(manager.connection).add(runner, insert);
  return Promise.resolve();
}

const queues = new WeakMap<DataSource, DeferredInsertQueue>();

function queueFor(dataSource: DataSource): DeferredInsertQueue {
  let queue = queues.get(dataSource);
  if (!queue) {
    queue = new DeferredInsertQueue();
    queues.set(dataSource, queue);
    dataSource.subscribers.push(queue);
  }
  return queue;
}

class DeferredInsertQueue implements EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, DeferredInsert[]>();

  add(runner: QueryRunner, insert: DeferredInsert): void {
    const queued = this.pending.get(runner);
    if (queued) queued.push(insert);
    else this.pending.set(runner, [insert]);
  }

  beforeTransactionStart(event: TransactionStartEvent): Promise<void> {
    return this.flush(event.queryRunner);
  }

  beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    return this.flush(event.queryRunner);
  }

  beforeTransactionRollback(event: TransactionRollbackEvent): void {
    this.pending.delete(event.queryRunner);
  }

  private flush(runner: QueryRunner): Promise<void> {
    const queued = this.pending.get(runner);
    if (!queued) return Promise.resolve();
    this.pending.delete(runner);
    return writeInserts(runner.manager, queued);
  }
}

/** Writes the inserts in as few statements as the parameter bound allows: one INSERT per table, joined as data-modifying CTEs. */
async function writeInserts(manager: EntityManager, inserts: DeferredInsert[]): Promise<void> {
  const byTarget = new Map<string, DeferredInsert>();
  for (const insert of inserts) {
    const target = `${insert.table}(${insert.columns.join(',')})${insert.onConflict ?? ''}`;
    const merged = byTarget.get(target);
    if (merged) merged.rows.push(...insert.rows);
    else byTarget.set(target, { ...insert, rows: [...insert.rows] });
  }
  let statement: string[] = [];
  let values: unknown[] = [];
  const send = async () => {
    if (statement.length === 0) return;
    const sql = statement.length === 1 ? statement[0]! : `WITH ${statement.map((s, i) => `w${i} AS (${s})`).join(', ')} SELECT 1`;
    await manager.query(sql, values);
    statement = [];
    values = [];
  };
  for (const { table, columns, rows, onConflict } of byTarget.values()) {
    for (let start = 0; start < rows.length; ) {
      let room = Math.floor((MAX_PARAMETERS_PER_STATEMENT - values.length) / columns.length);
      if (room < 1) {
        await send();
        room = Math.floor(MAX_PARAMETERS_PER_STATEMENT / columns.length);
      }
      const chunk = rows.slice(start, start + room);
      const tuples = chunk.map((row) => `(${row.map((value) => `$${values.push(value)}`).join(', ')})`);
      statement.push(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}${onConflict ? ` ${onConflict}` : ''}`);
      start += chunk.length;
    }
  }
  await send();
}
