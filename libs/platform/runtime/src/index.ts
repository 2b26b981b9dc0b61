export * from './tokens';
export * from './service-definition';
export * from './unit-of-work';
export * from './problem-details';
export * from './platform.module';
export * from './health.controller';
export * from './bootstrap-http';
