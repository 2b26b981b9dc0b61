export * from './workflow-command';
export * from './workflow-command-tables';
export * from './workflow-command-outbox';
export * from './workflow-command-relay';
