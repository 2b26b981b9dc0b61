/**
 * Child process of test/integration/query-results-die-young.int-spec.ts: reads a 50-row page
 * QUERIES times, QUERY_CONCURRENCY at once, through a service data source
 * (the pool every service uses), as a service answering reads does, and exits.
 * With PLAIN_PG_CLIENT=true the pool uses pg's own Client instead (the control).
 * The parent runs it with V8's GC trace on and reads what survived.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createServiceDataSource } from '@vigil/platform-persistence';

const PAGE = `SELECT id, title, body FROM public.pages ORDER BY id LIMIT $1`;

async function main(): Promise<void> {
  const url = process.env['DATABASE_URL']!;
  const dataSource = await (
    process.env['PLAIN_PG_CLIENT'] === 'true'
      ? new DataSource({ type: 'postgres', url, poolSize: 4, extra: { Client } })
      : createServiceDataSource({ url, schema: 'public', entities: [], migrations: [], poolSize: 4, preparedStatements: process.env['PREPARED_STATEMENTS'] !== 'false' })
  ).initialize();
  let left = Number(process.env['QUERIES']);
  let characters = 0;
  await Promise.all(
    Array.from({ length: Number(process.env['QUERY_CONCURRENCY']) }, async () => {
      while (left-- > 0) {
        const rows: Array<{ id: number; title: string; body: string }> = await dataSource.query(PAGE, [50]);
        characters += JSON.stringify({ items: rows.map(({ id, title }) => ({ id, title })) }).length;
      }
    }),
  );
  await dataSource.destroy();
  process.stdout.write(`answered ${characters} characters\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
