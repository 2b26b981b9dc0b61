import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createMessagingTablesSql } from '@vigil/platform-messaging';
import { createServiceDataSource } from '@vigil/platform-persistence';
import { MessagingRetention, type ServiceDefinition } from '@vigil/platform-runtime';
import { createWorkflowCommandTableSql } from '@vigil/platform-temporal';
import { createTestDatabase } from '@vigil/testing';

/** Published outbox rows, old inbox rows and delivered workflow commands are purged; nothing still needed is. */
describe('MessagingRetention', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  const service = { name: 'retention-test', schema: 'retention_test', workflowCommands: true } as ServiceDefinition;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await createServiceDataSource({ url: database.url, schema: service.schema, entities: [], migrations: [] }).initialize();
    await dataSource.query(`CREATE SCHEMA ${service.schema}`);
    for (const sql of [...createMessagingTablesSql(service.schema), ...createWorkflowCommandTableSql(service.schema)]) await dataSource.query(sql);
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('keeps unpublished, recent and abandoned rows and deletes the rest', async () => {
    const s = service.schema;
    const outbox = (name: string, publishedAgo: string | null) =>
      dataSource.query(`INSERT INTO ${s}.outbox (id, subject, envelope, published_at) VALUES ($1, $2, '{}', now() - $3::interval)`, [randomUUID(), name, publishedAgo]);
    await outbox('published-8-days-ago', '8 days');
    await outbox('published-1-day-ago', '1 day');
    await outbox('never-published', null);
    const inbox = (consumer: string, ago: string) => dataSource.query(`INSERT INTO ${s}.inbox (consumer, event_id, processed_at) VALUES ($1, $2, now() - $3::interval)`, [consumer, randomUUID(), ago]);
    await inbox('handled-31-days-ago', '31 days');
    await inbox('handled-20-days-ago', '20 days');
    const command = (workflowId: string, column: 'delivered_at' | 'abandoned_at' | null, ago: string) =>
      dataSource.query(
        `INSERT INTO ${s}.workflow_commands (id, workflow_id, workflow_type, task_queue, args, restart_if_finished${column ? `, ${column}` : ''})
         VALUES ($1, $2, 'wf', 'q', '[]', false${column ? `, now() - $3::interval` : ''})`,
        column ? [randomUUID(), workflowId, ago] : [randomUUID(), workflowId],
      );
    await command('delivered-8-days-ago', 'delivered_at', '8 days');
    await command('delivered-1-day-ago', 'delivered_at', '1 day');
    await command('abandoned-30-days-ago', 'abandoned_at', '30 days');
    await command('pending', null, '');

    await new MessagingRetention(service, dataSource).purge();

    const names = async (sql: string) => ((await dataSource.query(sql)) as Array<{ name: string }>).map((r) => r.name).sort();
    expect(await names(`SELECT subject AS name FROM ${s}.outbox`)).toEqual(['never-published', 'published-1-day-ago']);
    expect(await names(`SELECT consumer AS name FROM ${s}.inbox`)).toEqual(['handled-20-days-ago']);
    expect(await names(`SELECT workflow_id AS name FROM ${s}.workflow_commands`)).toEqual(['abandoned-30-days-ago', 'delivered-1-day-ago', 'pending']);
  });
});
