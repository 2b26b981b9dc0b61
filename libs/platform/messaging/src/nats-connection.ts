import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Logger } from '@nestjs/common';

/** A NATS connection that never gives up reconnecting (ARCHITECTURE: durability settings). */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  const log = new Logger('Nats');
  const nc = await connect({ servers: url.split(','), name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'error') {
        log.warn(`NATS ${status.type}`);
      }
    }
  })();
  return nc;
}
