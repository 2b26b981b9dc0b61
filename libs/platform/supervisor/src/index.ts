export * from './backoff';
export * from './readiness';
export * from './supervisor';
