import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { DataSource } from 'typeorm';
import type { StreamContract } from '@vigil/contracts';
import { connectNats, createMessagingTablesSql, ensureStreams, OutboxRelay, outboxAbandonmentMigration } from '@vigil/platform-messaging';
import { createServiceDataSource } from '@vigil/platform-persistence';
import { createTestDatabase, eventually, startNatsServer, type RunningNats } from '@vigil/testing';

const STREAM: StreamContract = { name: 'RELAY_TEST', subjects: ['relay-test.>'] };

/**
 * A row JetStream refuses while it is reachable (here: a subject no stream
 * takes) is abandoned after a bounded number of refusals and no longer holds
 * back the rows behind it; rows that can be published are, each once.
 */
describe('OutboxRelay with a row JetStream refuses', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let nats: RunningNats;
  let nc: NatsConnection;
  let dataSource: DataSource;
  const schema = 'relay_test';

  beforeAll(async () => {
    [database, nats] = await Promise.all([createTestDatabase(), startNatsServer(process.env['VIGIL_TEST_NATS_SERVER_BIN']!, 'nats-relay-test')]);
    dataSource = await createServiceDataSource({ url: database.url, schema, entities: [], migrations: [] }).initialize();
    await dataSource.query(`CREATE SCHEMA ${schema}`);
    for (const sql of createMessagingTablesSql(schema)) await dataSource.query(sql);
    const runner = dataSource.createQueryRunner();
    await new (outboxAbandonmentMigration(schema))().up(runner);
    await runner.release();
    nc = await connectNats(nats.url, 'relay-test');
    await ensureStreams(nc, [STREAM]);
  }, 60_000);

  afterAll(async () => {
    await nc?.drain();
    await dataSource?.destroy();
    await nats?.stop();
    await database?.drop();
  });

  it('abandons the refused row after the bound and publishes the rest', async () => {
    const append = (subject: string) =>
      dataSource.query(`INSERT INTO ${schema}.outbox (id, subject, envelope) VALUES ($1, $2, '{}') RETURNING id`, [randomUUID(), subject]);
    await append('relay-test.first');
    await append('nobody-takes.this');
    await append('relay-test.second');
    const relay = new OutboxRelay(dataSource, schema, nc, { maxPublishFailures: 3, leaseMs: 200, pollIntervalMs: 50 });
    relay.start();
    try {
      const [abandoned] = await eventually('the refused row abandoned', async () => {
        const rows = await dataSource.query(`SELECT subject, publish_failures, last_error FROM ${schema}.outbox WHERE abandoned_at IS NOT NULL`);
        return rows.length === 1 ? (rows as Array<{ subject: string; publish_failures: number; last_error: string }>) : undefined;
      });
      expect(abandoned).toMatchObject({ subject: 'nobody-takes.this', publish_failures: 3, last_error: expect.any(String) });
      await eventually('the other rows published', async () => {
        const rows = await dataSource.query(`SELECT 1 FROM ${schema}.outbox WHERE published_at IS NOT NULL`);
        return rows.length === 2 ? rows : undefined;
      });
      const info = await (await jetstreamManager(nc)).streams.info(STREAM.name);
      expect(info.state.messages).toBe(2);
      expect(await dataSource.query(`SELECT 1 FROM ${schema}.outbox WHERE abandoned_at IS NOT NULL AND published_at IS NOT NULL`)).toHaveLength(0);
    } finally {
      await relay.stop();
    }
  });
});
