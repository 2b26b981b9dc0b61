import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { DataSource } from 'typeorm';
import type { StreamContract } from '@vigil/contracts';
import { OutboxRelay } from '@vigil/platform-messaging';
import { eventually } from '@vigil/testing';
import { startMessagingBed, type MessagingBed } from '../support/messaging-bed';

const STREAM: StreamContract = { name: 'RELAY_TEST', subjects: ['relay-test.>'] };

/**
 * A row JetStream refuses while it is reachable (here: a subject no stream
 * takes) is abandoned after a bounded number of refusals and no longer holds
 * back the rows behind it; rows that can be published are, each once.
 */
describe('OutboxRelay with a row JetStream refuses', () => {
  let bed: MessagingBed;
  let nc: NatsConnection;
  let dataSource: DataSource;
  const schema = 'ticketing'; // its migrated outbox, abandonment columns included

  beforeAll(async () => {
    bed = await startMessagingBed('relay-test', [STREAM]);
    ({ nc, dataSource } = bed);
  }, 60_000);

  afterAll(async () => {
    await bed?.stop();
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
