import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent, TransactionStartEvent } from 'typeorm';

/**
 * Rows that the unit of work writing them never reads back: outbox events,
 * audit entries awaiting their seal, workflow commands, a new ticket.
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
 * flushes); inside writeAsOneStatement it queues them for that statement;
 * otherwise it inserts at once. Each statement a use case sends is
 * a round trip and a socket write on both ends: a ticket creation's audit
 * entry, event and workflow command cost one statement instead of three.
 *
 * Rows of one table keep their order (they go into one INSERT, in the order
 * queued), so an outbox's sequence still follows the order of appends. A
 * failing flush fails the commit: nothing of the transaction is written.
 * A savepoint (nested transaction) sends nothing of the queue: rolled back,
 * it drops the rows queued since it began; released, they wait for the
 * outermost commit with the rest.
 */
export function insertAtCommit(manager: EntityManager, insert: DeferredInsert): Promise<void> {
  if (insert.rows.length === 0) return Promise.resolve();
  const runner = manager.queryRunner;
  if (!runner) return writeInserts(manager, [insert]);
  const queue = queueOf(manager.connection);
  if (!runner.isTransactionActive && !queue.collects(runner)) return writeInserts(manager, [insert]);
  queue.add(runner, insert);
  return Promise.resolve();
}

/**
 * Runs `work` without a transaction and then sends every row it queued with
 * insertAtCommit as one statement, which Postgres applies whole or not at
 * all. For a use case that reads, decides, and then only appends rows: it
 * costs its reads plus one statement, where a transaction adds BEGIN, a
 * flush and COMMIT. Its reads see committed data, as they would at READ
 * COMMITTED, but nothing is locked between them and the write. `work` must
 * not write any other way: such a write would commit on its own at once. It
 * cannot open a transaction (refused), and it holds a pooled connection with
 * no transaction open, so Postgres's idle-in-transaction timeout does not
 * bound it: it should only read and decide.
 * A queue beyond one statement's parameter bound is written in a transaction.
 * If `work` throws, nothing is written.
 */
export async function writeAsOneStatement<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const queue = queueOf(dataSource);
  queue.collect(runner);
  try {
    const result = await work(runner.manager);
    const statements = statementsFor(queue.take(runner));
    if (statements.length === 1) await runner.query(statements[0]!.sql, statements[0]!.values);
    else if (statements.length > 1) await runner.manager.transaction((manager) => sendAll(manager, statements));
    return result;
  } finally {
    queue.take(runner);
    await runner.release();
  }
}

/** Whether `manager` belongs to a writeAsOneStatement that has yet to write: its rows, like a transaction's, share one moment. */
export function isWritingAsOneStatement(manager: EntityManager): boolean {
  const runner = manager.queryRunner;
  return !!runner && !!existingQueueOf(manager.connection)?.collects(runner);
}

/**
 * The subscriber that flushes; createServiceDataSource registers it with the
 * data source's options (so a re-initialised data source keeps it). A data
 * source made otherwise gets it on its first deferred insert.
 */
export class DeferredInsertQueue implements EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, { inserts: DeferredInsert[]; savepoints: number[] }>();

  /** Runners of writeAsOneStatement: they queue outside a transaction, until `take`. */
  private readonly collecting = new WeakSet<QueryRunner>();

  add(runner: QueryRunner, insert: DeferredInsert): void {
    this.stateOf(runner).inserts.push(insert);
  }

  collect(runner: QueryRunner): void {
    this.collecting.add(runner);
  }

  collects(runner: QueryRunner): boolean {
    return this.collecting.has(runner);
  }

  /** Ends collecting for `runner` and hands over what it queued. */
  take(runner: QueryRunner): DeferredInsert[] {
    this.collecting.delete(runner);
    const inserts = this.pending.get(runner)?.inserts ?? [];
    this.pending.delete(runner);
    return inserts;
  }

  beforeTransactionStart(event: TransactionStartEvent): void {
    // A transaction inside writeAsOneStatement would commit (or drop) the rows queued so far apart from its statement.
    if (this.collecting.has(event.queryRunner) && depthOf(event.queryRunner) === 0) {
      throw new Error('a unit written as one statement cannot open a transaction (use UnitOfWork.run for that use case)');
    }
    // Inside a transaction this starts a savepoint: remember where its rows begin.
    if (depthOf(event.queryRunner) > 0) {
      const state = this.stateOf(event.queryRunner);
      state.savepoints.push(state.inserts.length);
    }
  }

  beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const state = this.pending.get(event.queryRunner);
    if (!state) return Promise.resolve();
    if (depthOf(event.queryRunner) > 1) {
      state.savepoints.pop(); // a released savepoint's rows go with the outermost commit
      return Promise.resolve();
    }
    this.pending.delete(event.queryRunner);
    return writeInserts(event.queryRunner.manager, state.inserts);
  }

  beforeTransactionRollback(event: TransactionRollbackEvent): void {
    const state = this.pending.get(event.queryRunner);
    if (!state) return;
    if (depthOf(event.queryRunner) > 1) state.inserts.length = state.savepoints.pop() ?? 0;
    else this.pending.delete(event.queryRunner);
  }

  private stateOf(runner: QueryRunner): { inserts: DeferredInsert[]; savepoints: number[] } {
    let state = this.pending.get(runner);
    if (!state) {
      state = { inserts: [], savepoints: [] };
      this.pending.set(runner, state);
    }
    return state;
  }
}

/** 1 inside a transaction, more inside its savepoints (TypeORM's own count, not part of its typed interface). */
const depthOf = (runner: QueryRunner): number => (runner as unknown as { transactionDepth: number }).transactionDepth;

const existingQueueOf = (dataSource: DataSource): DeferredInsertQueue | undefined =>
  dataSource.subscribers.find((subscriber): subscriber is DeferredInsertQueue => subscriber instanceof DeferredInsertQueue);

function queueOf(dataSource: DataSource): DeferredInsertQueue {
  let queue = existingQueueOf(dataSource);
  if (!queue) {
    queue = new DeferredInsertQueue();
    dataSource.subscribers.push(queue);
  }
  return queue;
}

/** Writes the inserts in as few statements as the parameter bound allows. */
function writeInserts(manager: EntityManager, inserts: DeferredInsert[]): Promise<void> {
  return sendAll(manager, statementsFor(inserts));
}

async function sendAll(manager: EntityManager, statements: Statement[]): Promise<void> {
  for (const { sql, values } of statements) await manager.query(sql, values);
}

interface Statement {
  sql: string;
  values: unknown[];
}

/** One INSERT per table, joined as data-modifying CTEs, in as few statements as the parameter bound allows. */
function statementsFor(inserts: DeferredInsert[]): Statement[] {
  const byTarget = new Map<string, DeferredInsert>();
  for (const insert of inserts) {
    const target = `${insert.table}(${insert.columns.join(',')})${insert.onConflict ?? ''}`;
    const merged = byTarget.get(target);
    if (merged) merged.rows.push(...insert.rows);
    else byTarget.set(target, { ...insert, rows: [...insert.rows] });
  }
  const statements: Statement[] = [];
  let parts: string[] = [];
  let values: unknown[] = [];
  const close = () => {
    if (parts.length === 0) return;
    statements.push({ sql: parts.length === 1 ? parts[0]! : `WITH ${parts.map((s, i) => `w${i} AS (${s})`).join(', ')} SELECT 1`, values });
    parts = [];
    values = [];
  };
  for (const { table, columns, rows, onConflict } of byTarget.values()) {
    for (let start = 0; start < rows.length; ) {
      let room = Math.floor((MAX_PARAMETERS_PER_STATEMENT - values.length) / columns.length);
      if (room < 1) {
        close();
        room = Math.floor(MAX_PARAMETERS_PER_STATEMENT / columns.length);
      }
      const chunk = rows.slice(start, start + room);
      const tuples = chunk.map((row) => `(${row.map((value) => `$${values.push(value)}`).join(', ')})`);
      parts.push(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}${onConflict ? ` ${onConflict}` : ''}`);
      start += chunk.length;
    }
  }
  close();
  return statements;
}
