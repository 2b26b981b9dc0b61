export * from './ticket-timers.workflow';
