import type { DataSource } from 'typeorm';
import { createServiceDataSource } from '@vigil/platform-persistence';
import { createTestDatabase } from '@vigil/testing';

const QUERY_CANCELED = '57014';

/**
 * Every service connection carries a statement timeout and an
 * idle-in-transaction timeout, so a runaway query or a process stuck inside a
 * transaction cannot hold a pool client and its locks for ever.
 */
describe('service data source timeouts (real Postgres)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const dataSources: DataSource[] = [];

  async function connect(options: { statementTimeoutMs?: number; idleInTransactionTimeoutMs?: number } = {}): Promise<DataSource> {
    const dataSource = await createServiceDataSource({ url: database.url, schema: 'public', entities: [], migrations: [], poolSize: 2, ...options }).initialize();
    dataSources.push(dataSource);
    return dataSource;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(dataSources.map((d) => d.destroy().catch(() => undefined)));
    await database?.drop();
  });

  it('defaults to 30 s per statement and 60 s idle in a transaction', async () => {
    const dataSource = await connect();
    const [statement] = await dataSource.query<Array<{ statement_timeout: string }>>('SHOW statement_timeout');
    const [idle] = await dataSource.query<Array<{ idle_in_transaction_session_timeout: string }>>('SHOW idle_in_transaction_session_timeout');
    expect(statement!.statement_timeout).toBe('30s');
    expect(idle!.idle_in_transaction_session_timeout).toBe('1min');
  });

  it('cancels a runaway statement, and the pool goes on serving', async () => {
    const dataSource = await connect({ statementTimeoutMs: 300 });
    await expect(dataSource.query('SELECT pg_sleep(30)')).rejects.toMatchObject({ driverError: expect.objectContaining({ code: QUERY_CANCELED }) });
    await expect(dataSource.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    const running = await dataSource.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep%' AND state = 'active'`);
    expect(running).toHaveLength(0);
  });

  it('ends a session left idle inside a transaction, releasing its locks, and the pool goes on serving', async () => {
    const dataSource = await connect({ idleInTransactionTimeoutMs: 300 });
    const stuck = dataSource.createQueryRunner();
    await stuck.connect();
    await stuck.startTransaction();
    await stuck.query('SELECT pg_advisory_xact_lock(42)');
    // Postgres ends the session on its own; poll for the lock to be free rather than sleeping.
    const observer = await connect({ statementTimeoutMs: 10_000 });
    await expect(observer.query('SELECT pg_advisory_lock(42)')).resolves.toBeDefined();
    await observer.query('SELECT pg_advisory_unlock(42)');
    // TypeORM sees the session end (SQLSTATE 25P03) and releases the runner: its transaction is gone.
    await expect(stuck.query('SELECT 1')).rejects.toThrow(/released/);
    expect(stuck.isReleased).toBe(true);
    await expect(dataSource.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it('lets a configured 0 switch a timeout off', async () => {
    const dataSource = await connect({ statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 });
    const [statement] = await dataSource.query<Array<{ statement_timeout: string }>>('SHOW statement_timeout');
    expect(statement!.statement_timeout).toBe('0');
  });
});
