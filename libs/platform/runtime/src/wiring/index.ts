export * from './declarations';
export * from './discovered-wiring';
export * from './rpc-handlers';
export * from './schedule-reconciler';
export * from './nats-access-check';
