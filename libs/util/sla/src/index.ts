export * from './zoned-time';
export * from './business-calendar';
export * from './response-clock';
