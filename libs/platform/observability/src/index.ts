// instrumentation.ts is deliberately not re-exported: it is a side-effect entry
// point loaded with `node --require` before everything else.
export * from './tracing';
export * from './request-context';
export * from './logging';
export * from './metrics';
export * from './temporal-workflow-spans';
