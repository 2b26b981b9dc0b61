export * from './access-log-retention.workflow';
export * from './monthly-access-review.workflow';
