export * from './outage-recovery.workflow';
