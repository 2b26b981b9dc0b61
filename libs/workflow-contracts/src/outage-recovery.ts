/**
 * The contract between whoever starts or signals the outage recovery workflow
 * (MON-3) and the workflow itself. Pure types and constants: workflow code
 * imports this, so it must stay free of Node and I/O dependencies.
 */
export const OUTAGE_RECOVERY_WORKFLOW = 'outageRecovery';
export const WORKFLOW_TASK_QUEUE = 'vigil-workflows';
/**
 * Workflows whose first step pages someone (MON-3), polled by a worker of
 * their own: on the shared queue a new outage's first task waited while the
 * worker kept taking routine runs' later tasks (thousands of ticket timers
 * falling due together) from its sticky queue (decision 0035).
 */
export const PAGES_WORKFLOW_TASK_QUEUE = 'vigil-workflows-pages';
export const TICKETING_ACTIVITY_QUEUE = 'ticketing-activities';
export const NOTIFICATIONS_ACTIVITY_QUEUE = 'notifications-activities';

export const outageWorkflowId = (outageId: string): string => `outage-${outageId}`;

export interface OutageRecoveryInput {
  outageId: string;
  ticketId: string;
  ticketNumber: number;
  customerId: string;
  environmentName: string;
  /** The alert's own start: the 30-minute target runs from here (MON-2). */
  startedAt: string;
  /** Escalate to the team lead when nobody has taken the outage by then (default 10 min). */
  teamLeadAfterMs: number;
  /** Recovery target (default 30 min). */
  recoveryTargetMs: number;
}

export interface OutageRestoredSignal {
  restoredAt: string;
}

export type OutageRecoveryPhase = 'OPEN' | 'ACKNOWLEDGED' | 'RESTORED' | 'CLOSED';

export interface OutageRecoveryState {
  phase: OutageRecoveryPhase;
  teamLeadEscalated: boolean;
  targetBreached: boolean;
  restoredAt: string | null;
}

export const OutageSignals = {
  acknowledged: 'outageAcknowledged',
  restored: 'outageRestored',
  closed: 'outageClosed',
} as const;
export const OutageQueries = { state: 'outageState' } as const;

/** Activities the workflow calls on the notifications service's queue. */
export interface OutageNotificationActivities {
  notifyOnCall(input: OutageRecoveryInput): Promise<void>;
  notifyTeamLead(input: OutageRecoveryInput): Promise<void>;
  notifyRecoveryTargetBreached(input: OutageRecoveryInput): Promise<void>;
}

/** Activities the workflow calls on the ticketing service's queue. */
export interface OutageTicketingActivities {
  recordRecoveryTargetBreach(input: { outageId: string; breachedAt: string }): Promise<void>;
}
