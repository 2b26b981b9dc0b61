export * from './access-log-retention.workflow';
