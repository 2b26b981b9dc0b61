export * from './outage-recovery';
