export * from './nats-connection';
export * from './streams';
export * from './messaging-tables';
export * from './outbox';
export * from './outbox-relay';
export * from './durable-consumer';
export * from './rpc';
export * from './keyset-cursor';
