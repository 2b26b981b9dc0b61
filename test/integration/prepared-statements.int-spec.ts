import type { DataSource } from 'typeorm';
import { createServiceDataSource } from '@vigil/platform-persistence';
import { createTestDatabase } from '@vigil/testing';

/**
 * Frequent statements go to Postgres as named prepared statements, so the
 * hot short statements are parsed and planned once per session instead of
 * on every call (decision 0034). One connection per data source here, so the
 * session a test inspects is the one that ran the statements.
 */
describe('prepared statements (real Postgres)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const dataSources: DataSource[] = [];

  async function connect(preparedStatements?: boolean): Promise<DataSource> {
    const dataSource = await createServiceDataSource({ url: database.url, schema: 'public', entities: [], migrations: [], poolSize: 1, preparedStatements }).initialize();
    dataSources.push(dataSource);
    return dataSource;
  }
  const preparedIn = async (dataSource: DataSource) =>
    (await dataSource.query<Array<{ statement: string }>>(`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'vigil\\_%'`)).map((r) => r.statement);

  beforeAll(async () => {
    database = await createTestDatabase();
    const setup = await connect(false);
    await setup.query(`CREATE TABLE public.things (id int PRIMARY KEY, name text NOT NULL)`);
    await setup.query(`INSERT INTO public.things SELECT n, 'thing ' || n FROM generate_series(1, 50) n`);
  });

  afterAll(async () => {
    await Promise.all(dataSources.map((d) => d.destroy().catch(() => undefined)));
    await database?.drop();
  });

  const byId = 'SELECT id, name FROM public.things WHERE id = $1';

  it('prepares a statement from its third send on, and answers it as before', async () => {
    const dataSource = await connect();
    for (const id of [1, 2]) expect(await dataSource.query(byId, [id])).toEqual([{ id, name: `thing ${id}` }]);
    expect(await preparedIn(dataSource)).toEqual([]);

    expect(await dataSource.query(byId, [3])).toEqual([{ id: 3, name: 'thing 3' }]);
    expect(await preparedIn(dataSource)).toEqual([byId]);
    for (const id of [4, 5, 6, 7, 8]) expect(await dataSource.query(byId, [id])).toEqual([{ id, name: `thing ${id}` }]);
    expect(await preparedIn(dataSource)).toEqual([byId]);
  });

  it('parses a statement again once the session lost it (DEALLOCATE ALL): one call fails, the rest run', async () => {
    const dataSource = await connect();
    for (let i = 0; i < 3; i++) await dataSource.query(byId, [1]);
    await dataSource.query('DEALLOCATE ALL');

    await expect(dataSource.query(byId, [1])).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '26000' }) });
    expect(await dataSource.query(byId, [2])).toEqual([{ id: 2, name: 'thing 2' }]);
    expect(await preparedIn(dataSource)).toEqual([byId]);
  });

  it('leaves statements without parameters, bulk statements and a switched-off data source unnamed', async () => {
    const dataSource = await connect();
    const bulk = `SELECT count(*)::int AS n FROM public.things WHERE id IN (${Array.from({ length: 101 }, (_, i) => `$${i + 1}`).join(', ')})`;
    const ids = Array.from({ length: 101 }, (_, i) => i + 1);
    for (let i = 0; i < 4; i++) {
      expect(await dataSource.query('SELECT count(*)::int AS n FROM public.things')).toEqual([{ n: 50 }]);
      expect(await dataSource.query(bulk, ids)).toEqual([{ n: 50 }]);
    }
    expect(await preparedIn(dataSource)).toEqual([]);

    const off = await connect(false);
    for (let i = 0; i < 4; i++) await off.query(byId, [1]);
    expect(await preparedIn(off)).toEqual([]);
  });

  it('sends a statement unnamed once a migration changed what its `*` returns: one call fails, the rest run', async () => {
    const dataSource = await connect();
    const everything = 'SELECT * FROM public.things WHERE id = $1';
    for (let i = 0; i < 4; i++) await dataSource.query(everything, [1]);
    expect(await preparedIn(dataSource)).toContain(everything);

    const migration = await connect(false);
    await migration.query(`ALTER TABLE public.things ADD COLUMN colour text NOT NULL DEFAULT 'blue'`);

    await expect(dataSource.query(everything, [1])).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '0A000' }) });
    expect(await dataSource.query(everything, [1])).toEqual([{ id: 1, name: 'thing 1', colour: 'blue' }]);
    expect(await dataSource.query(everything, [2])).toEqual([{ id: 2, name: 'thing 2', colour: 'blue' }]);
  });
});
