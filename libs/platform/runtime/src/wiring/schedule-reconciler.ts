import { Logger } from '@nestjs/common';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { ScheduleContract } from '@vigil/contracts';

/** What the schedule should be, from its contract and the arguments configuration gives it. */
export function desiredSchedule(schedule: ScheduleContract, args: unknown[]): ScheduleOptions {
  return {
    scheduleId: schedule.id,
    spec: { cronExpressions: [...schedule.cronExpressions] },
    policies: { overlap: schedule.overlap === 'SKIP' ? ScheduleOverlapPolicy.SKIP : ScheduleOverlapPolicy.ALLOW_ALL },
    action: { type: 'startWorkflow', workflowType: schedule.workflowType, taskQueue: schedule.taskQueue, args },
  };
}

/**
 * Makes the cluster's schedule match the code: created when missing, updated
 * (spec, action, overlap policy) when it exists, so a changed cron or a changed
 * retention setting takes effect with the next start. Several instances may
 * reconcile at once; they all write the same thing.
 */
export async function reconcileSchedule(client: Client, schedule: ScheduleContract, args: unknown[], log = new Logger('Schedules')): Promise<'created' | 'updated'> {
  const desired = desiredSchedule(schedule, args);
  try {
    await client.schedule.create(desired);
    log.log(`created schedule ${schedule.id}`);
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  try {
    await client.schedule.getHandle(schedule.id).update((previous) => ({
      ...previous,
      spec: desired.spec,
      action: desired.action,
      policies: { ...previous.policies, overlap: desired.policies!.overlap! },
    }));
  } catch (error) {
    // Deleted between our create and update: create it again.
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    await client.schedule.create(desired);
    return 'created';
  }
  log.log(`reconciled schedule ${schedule.id}`);
  return 'updated';
}
