export * from './outage-recovery';
export * from './housekeeping';
export * from './ticket-timers';
export * from './workflow-commands';
