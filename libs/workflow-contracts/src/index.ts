export * from './outage-recovery';
export * from './housekeeping';
