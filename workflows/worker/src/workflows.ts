/** The workflow bundle's entry: every workflow type the worker runs. */
export { outageRecovery } from '@vigil/workflow-outage-recovery';
export { accessLogRetention, monthlyAccessReview } from '@vigil/workflow-housekeeping';
export { ticketTimers } from '@vigil/workflow-ticket-timers';
