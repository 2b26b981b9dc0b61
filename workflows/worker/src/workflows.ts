/** The workflow bundle's entry: every workflow type the worker runs. */
export { outageRecovery } from '@vigil/workflow-outage-recovery';
export { accessLogRetention } from '@vigil/workflow-housekeeping';
