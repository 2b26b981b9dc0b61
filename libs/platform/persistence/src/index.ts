export * from './data-source';
export * from './leased-claim';
export * from './wakeable-loop';
export * from './query-rows';
export * from './database-unreachable';
export * from './service-role';
export * from './unique-violation';
export * from './deferred-inserts';
