export * from './envelope';
export * from './validation';
export * from './streams';
export * from './monitoring.events';
export * from './ticketing.events';
export * from './ticketing.queries';
export * from './identity.queries';
export * from './audit';
