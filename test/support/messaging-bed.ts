import type { NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import type { StreamContract } from '@vigil/contracts';
import { connectNats, ensureStreams } from '@vigil/platform-messaging';
import { createServiceDataSource } from '@vigil/platform-persistence';
import { createTestDatabase, startNatsServer } from '@vigil/testing';

/**
 * What an integration test of the messaging platform stands on: its own copy
 * of the migrated database (used through ticketing's schema, which has every
 * messaging table), its own nats-server with the given streams, and a
 * connection to each.
 */
export interface MessagingBed {
  dataSource: DataSource;
  nc: NatsConnection;
  stop(): Promise<void>;
}

export async function startMessagingBed(name: string, streams: StreamContract[]): Promise<MessagingBed> {
  const [database, nats] = await Promise.all([createTestDatabase(), startNatsServer(process.env['VIGIL_TEST_NATS_SERVER_BIN']!, `nats-${name}`)]);
  const dataSource = await createServiceDataSource({ url: database.url, schema: 'ticketing', entities: [], migrations: [] }).initialize();
  const nc = await connectNats(nats.url, name);
  await ensureStreams(nc, streams);
  return {
    dataSource,
    nc,
    stop: async () => {
      await nc.drain();
      await dataSource.destroy();
      await nats.stop();
      await database.drop();
    },
  };
}
