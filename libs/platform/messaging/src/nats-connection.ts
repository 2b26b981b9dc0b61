import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Logger } from '@nestjs/common';
import { inboxPrefixOf } from './nats-authorization';

export interface NatsCredentials {
  user?: string | undefined;
  password?: string | undefined;
}

/**
 * A NATS connection that never gives up reconnecting (ARCHITECTURE: durability
 * settings), as the process's own user (decision 0017). Replies come to the
 * user's private inbox prefix, the only inbox its permissions let it read.
 */
export async function connectNats(url: string, name: string, credentials: NatsCredentials = {}): Promise<NatsConnection> {
  const log = new Logger('Nats');
  const { user, password } = credentials;
  const nc = await connect({
    servers: url.split(','),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // Otherwise every request builds an Error up front (a stack trace kept in case it fails):
    // 2.7 % of the gateway's CPU under RPC load. A failure still says what happened (timeout, no responders).
    noAsyncTraces: true,
    ...(user ? { user, pass: password ?? '', inboxPrefix: inboxPrefixOf(user) } : {}),
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'error') {
        log.warn(`NATS ${status.type}${status.type === 'error' ? `: ${status.error.message}` : ''}`);
      }
    }
  })();
  return nc;
}
