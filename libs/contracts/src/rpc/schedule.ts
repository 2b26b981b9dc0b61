/**
 * A Temporal schedule declared in code. The platform reconciles it at start:
 * created when missing, updated when its spec, workflow or policy differ, so a
 * changed cron or argument reaches the cluster with the next deploy.
 */
export interface ScheduleContract {
  readonly id: string;
  readonly workflowType: string;
  readonly taskQueue: string;
  readonly cronExpressions: readonly string[];
  /** What a run does when the previous one still runs: skip it (the default) or let it run too. */
  readonly overlap: 'SKIP' | 'ALLOW_ALL';
}

export function defineSchedule(schedule: Omit<ScheduleContract, 'overlap'> & { overlap?: ScheduleContract['overlap'] }): ScheduleContract {
  if (schedule.cronExpressions.length === 0) throw new Error(`schedule ${schedule.id} has no cron expression`);
  return { overlap: 'SKIP', ...schedule };
}
