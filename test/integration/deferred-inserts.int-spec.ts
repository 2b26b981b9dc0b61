import type { DataSource, EntityManager } from 'typeorm';
import { createServiceDataSource, insertAtCommit, isWritingAsOneStatement, writeAsOneStatement } from '@vigil/platform-persistence';
import { createTestDatabase } from '@vigil/testing';

/**
 * insertAtCommit (issue 19): append-only rows a transaction never reads back
 * (outbox, audit intake, workflow commands) go in one statement just before
 * COMMIT. Against real Postgres: they commit with the transaction or not at
 * all, keep their order, and a failing flush fails the whole transaction.
 * writeAsOneStatement sends a use case's reads and then all its rows as one
 * autocommitted statement: whole or nothing, with no BEGIN or COMMIT.
 */
describe('insertAtCommit', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await createServiceDataSource({ url: database.url, schema: 'public', entities: [], migrations: [] }).initialize();
    await dataSource.query(`CREATE TABLE public.deferred_events (seq bigserial, id text PRIMARY KEY, body text NOT NULL)`);
    await dataSource.query(`CREATE TABLE public.deferred_notes (seq bigserial, note text NOT NULL)`);
    await dataSource.query(`CREATE TABLE public.deferred_state (id text PRIMARY KEY)`);
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  afterEach(() => dataSource.query(`TRUNCATE public.deferred_events, public.deferred_notes, public.deferred_state`));

  const event = (manager: EntityManager, id: string, body: string | null = 'x') =>
    insertAtCommit(manager, { table: 'public.deferred_events', columns: ['id', 'body'], rows: [[id, body]], onConflict: 'ON CONFLICT (id) DO NOTHING' });
  const note = (manager: EntityManager, text: string) => insertAtCommit(manager, { table: 'public.deferred_notes', columns: ['note'], rows: [[text]] });
  const events = async () => (await dataSource.query(`SELECT id FROM public.deferred_events ORDER BY seq`)).map((r: { id: string }) => r.id);
  /** Records every statement the transaction's runner sends from here on. */
  const recordStatements = (manager: EntityManager, statements: string[]) => {
    const runner = manager.queryRunner!;
    const query = runner.query.bind(runner);
    runner.query = ((sql: string, parameters?: unknown[]) => (statements.push(sql), query(sql, parameters))) as typeof runner.query;
  };
  const notes = async () => (await dataSource.query(`SELECT note FROM public.deferred_notes ORDER BY seq`)).map((r: { note: string }) => r.note);

  it('writes the queued rows of every table with the commit, in one statement, each table in the order queued', async () => {
    const statements: string[] = [];
    await dataSource.transaction(async (manager) => {
      recordStatements(manager, statements);
      await event(manager, 'e1');
      await note(manager, 'n1');
      await event(manager, 'e2');
      await event(manager, 'e1'); // a repeat: ON CONFLICT DO NOTHING, as the outbox does
      await note(manager, 'n2');
      expect(statements).toEqual([]); // nothing sent yet
      expect(await events()).toEqual([]);
    });
    expect(await events()).toEqual(['e1', 'e2']);
    expect(await notes()).toEqual(['n1', 'n2']);
    // Both tables in one statement, then the COMMIT.
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/^WITH w0 AS \(INSERT INTO public\.deferred_events .*\), w1 AS \(INSERT INTO public\.deferred_notes .*\) SELECT 1$/s);
    expect(statements[1]).toBe('COMMIT');
  });

  it('writes nothing when the transaction rolls back', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await event(manager, 'e1');
        await manager.query(`INSERT INTO public.deferred_state (id) VALUES ('s1')`);
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    expect(await events()).toEqual([]);
    // The next transaction on the pool starts clean: nothing queued by the failed one leaks into it.
    await dataSource.transaction((manager) => event(manager, 'e2'));
    expect(await events()).toEqual(['e2']);
  });

  it('fails the commit when the flush fails, so the state change is not written either', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query(`INSERT INTO public.deferred_state (id) VALUES ('s1')`);
        await event(manager, 'e1', null); // body NOT NULL: refused only at the flush
      }),
    ).rejects.toThrow(/null value/);
    expect(await dataSource.query(`SELECT id FROM public.deferred_state`)).toEqual([]);
    expect(await events()).toEqual([]);
  });

  it('writes at once outside a transaction', async () => {
    await event(dataSource.manager, 'e1');
    expect(await events()).toEqual(['e1']);
  });

  it('keeps the rows queued before a savepoint when the savepoint rolls back, and drops only its own', async () => {
    await dataSource.transaction(async (manager) => {
      await event(manager, 'outer');
      await expect(
        manager.transaction(async (nested) => {
          await event(nested, 'inner');
          throw new Error('nested step failed');
        }),
      ).rejects.toThrow('nested step failed');
    });
    expect(await events()).toEqual(['outer']);
  });

  it('writes a released savepoint\'s rows with the outermost commit, and sends nothing of the queue when a savepoint starts', async () => {
    const statements: string[] = [];
    await dataSource.transaction(async (manager) => {
      recordStatements(manager, statements);
      await event(manager, 'before');
      await manager.transaction((nested) => event(nested, 'inside'));
      await event(manager, 'after');
    });
    expect(await events()).toEqual(['before', 'inside', 'after']);
    expect(statements).toEqual(['SAVEPOINT typeorm_1', 'RELEASE SAVEPOINT typeorm_1', expect.stringMatching(/^INSERT INTO public\.deferred_events/), 'COMMIT']);
  });

  it('splits a batch beyond the parameter bound into several statements, keeping every row and their order', async () => {
    const ids = Array.from({ length: 40_000 }, (_, i) => `e${String(i).padStart(5, '0')}`);
    await dataSource.transaction((manager) =>
      insertAtCommit(manager, { table: 'public.deferred_events', columns: ['id', 'body'], rows: ids.map((id) => [id, 'x']) }),
    );
    expect(await events()).toEqual(ids);
  });

  describe('writeAsOneStatement', () => {
    it('sends the reads, then every queued row of every table as one statement, with no BEGIN or COMMIT', async () => {
      await dataSource.query(`INSERT INTO public.deferred_state (id) VALUES ('s1')`);
      const statements: string[] = [];
      const answer = await writeAsOneStatement(dataSource, async (manager) => {
        recordStatements(manager, statements);
        expect(isWritingAsOneStatement(manager)).toBe(true);
        const [state] = await manager.query(`SELECT id FROM public.deferred_state`);
        await event(manager, 'e1');
        await note(manager, `read ${state.id}`);
        await event(manager, 'e2');
        expect(await events()).toEqual([]); // nothing written before work returns
        return 'answer';
      });
      expect(answer).toBe('answer');
      expect(await events()).toEqual(['e1', 'e2']);
      expect(await notes()).toEqual(['read s1']);
      expect(statements).toEqual([
        'SELECT id FROM public.deferred_state',
        expect.stringMatching(/^WITH w0 AS \(INSERT INTO public\.deferred_events .*\), w1 AS \(INSERT INTO public\.deferred_notes .*\) SELECT 1$/s),
      ]);
    });

    it('refuses a transaction opened inside the work, writing nothing, and gives every connection back to the pool', async () => {
      const pool = (dataSource.driver as unknown as { master: { totalCount: number; idleCount: number } }).master;
      await expect(
        writeAsOneStatement(dataSource, async (manager) => {
          await event(manager, 'before');
          await manager.transaction((inner) => event(inner, 'inside'));
        }),
      ).rejects.toThrow('a unit written as one statement cannot open a transaction');
      expect(await events()).toEqual([]);
      await expect(writeAsOneStatement(dataSource, () => Promise.reject(new Error('use case failed')))).rejects.toThrow('use case failed');
      await writeAsOneStatement(dataSource, (manager) => event(manager, 'after'));
      expect(await events()).toEqual(['after']);
      expect(pool.totalCount - pool.idleCount).toBe(0); // nothing checked out: every path released its connection
    });

    it('writes nothing when the work fails, and the next unit on the pool starts clean', async () => {
      await expect(
        writeAsOneStatement(dataSource, async (manager) => {
          await event(manager, 'e1');
          throw new Error('use case failed');
        }),
      ).rejects.toThrow('use case failed');
      expect(await events()).toEqual([]);
      await writeAsOneStatement(dataSource, (manager) => event(manager, 'e2'));
      expect(await events()).toEqual(['e2']);
    });

    it('writes none of the rows when one of them is refused', async () => {
      await expect(
        writeAsOneStatement(dataSource, async (manager) => {
          await note(manager, 'n1');
          await event(manager, 'e1', null); // body NOT NULL
        }),
      ).rejects.toThrow(/null value/);
      expect(await notes()).toEqual([]);
      expect(await events()).toEqual([]);
    });

    it('writes a queue beyond one statement in a transaction, so it is still whole or nothing', async () => {
      const ids = Array.from({ length: 40_000 }, (_, i) => `e${String(i).padStart(5, '0')}`);
      const statements: string[] = [];
      await expect(
        writeAsOneStatement(dataSource, async (manager) => {
          recordStatements(manager, statements);
          await insertAtCommit(manager, { table: 'public.deferred_events', columns: ['id', 'body'], rows: ids.map((id) => [id, 'x']) });
          await event(manager, 'last', null); // refused in the last statement
        }),
      ).rejects.toThrow(/null value/);
      expect(await events()).toEqual([]);
      expect(statements[0]).toMatch(/^(START TRANSACTION|BEGIN)/);
      expect(statements.at(-1)).toBe('ROLLBACK');
      await writeAsOneStatement(dataSource, (manager) =>
        insertAtCommit(manager, { table: 'public.deferred_events', columns: ['id', 'body'], rows: ids.map((id) => [id, 'x']) }),
      );
      expect(await events()).toEqual(ids);
    });

    it('is over once written: the manager writes at once afterwards, and a transaction\'s manager is not one', async () => {
      let unit: EntityManager | undefined;
      await writeAsOneStatement(dataSource, async (manager) => {
        unit = manager;
      });
      expect(isWritingAsOneStatement(unit!)).toBe(false);
      await dataSource.transaction(async (manager) => expect(isWritingAsOneStatement(manager)).toBe(false));
      expect(isWritingAsOneStatement(dataSource.manager)).toBe(false);
    });
  });
});
