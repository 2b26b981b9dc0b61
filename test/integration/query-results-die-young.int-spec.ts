import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServiceDataSource } from '@vigil/platform-persistence';
import { createTestDatabase } from '@vigil/testing';

/**
 * Rows a service reads die young: once the answer is sent, nothing keeps them
 * past the next scavenge (decision 0036). Through pg's promise form, which
 * TypeORM uses, a quarter of all a read loop allocated survived each
 * scavenge and was promoted; the service client goes through pg's callback
 * form. Measured in a child process with V8's GC trace (`--trace-gc-nvp`)
 * and a small young generation, so the loop runs through dozens of
 * scavenges: what each kept is what was still reachable, not how fast the
 * machine was.
 */
describe('query results die young (real Postgres, V8 GC trace)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const setup = await createServiceDataSource({ url: database.url, schema: 'public', entities: [], migrations: [], poolSize: 1, preparedStatements: false }).initialize();
    await setup.query(`CREATE TABLE public.pages (id int PRIMARY KEY, title text NOT NULL, body text NOT NULL)`);
    await setup.query(`INSERT INTO public.pages SELECT n, 'Page ' || n, repeat('text of a ticket ', 20) FROM generate_series(1, 50) n`);
    await setup.destroy();
  });

  afterAll(async () => {
    await database?.drop();
  });

  async function scavengesOfReadLoop(preparedStatements: boolean): Promise<{ scavenges: number; allocated: number; survived: number }> {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--max-semi-space-size=2', '--trace-gc-nvp', '-r', '@swc-node/register', join(__dirname, '../support/read-loop-child.ts')],
      { env: { ...process.env, DATABASE_URL: database.url, QUERIES: '3000', QUERY_CONCURRENCY: '4', PREPARED_STATEMENTS: String(preparedStatements) }, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(stdout).toMatch(/answered \d+ characters/);
    const field = (line: string, name: string) => Number(new RegExp(`\\b${name}=(\\d+)`).exec(line)?.[1] ?? 0);
    // From the first connection on: module loading before it allocates what lives for the whole run.
    const scavenges = stdout.split('\n').filter((line) => line.includes(' gc=s '));
    const measured = scavenges.slice(Math.floor(scavenges.length / 4));
    return {
      scavenges: measured.length,
      allocated: measured.reduce((sum, line) => sum + field(line, 'allocated'), 0),
      survived: measured.reduce((sum, line) => sum + field(line, 'new_space_survived'), 0),
    };
  }

  // Measured here: 6–10 % survive (the pages in flight at each scavenge); through pg's promise form 45 %.
  it.each([true, false])('a read loop keeps under a fifth of what it allocates past a scavenge (prepared statements: %s)', async (preparedStatements) => {
    const { scavenges, allocated, survived } = await scavengesOfReadLoop(preparedStatements);
    expect(scavenges).toBeGreaterThan(20);
    expect(survived / allocated).toBeLessThan(0.2);
  });
});
