import { Inject, Injectable, Logger } from '@nestjs/common';
import { defineSchedule } from '@vigil/contracts';
import {
  ACCESS_LOG_RETENTION_SCHEDULE,
  ACCESS_LOG_RETENTION_WORKFLOW,
  GATEWAY_ACTIVITY_QUEUE,
  WORKFLOW_TASK_QUEUE,
  type AccessLogActivities,
  type AccessLogRetentionInput,
} from '@vigil/workflow-contracts';
import { Activities, Activity, Schedule } from '@vigil/platform-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { AccessLogRepository } from './access-log.repository';

/** Nightly, 03:15 UTC. */
export const ACCESS_LOG_RETENTION = defineSchedule({
  id: ACCESS_LOG_RETENTION_SCHEDULE,
  workflowType: ACCESS_LOG_RETENTION_WORKFLOW,
  taskQueue: WORKFLOW_TASK_QUEUE,
  cronExpressions: ['15 3 * * *'],
});

/**
 * ACC-2 retention: a Temporal schedule runs the retention workflow every night;
 * its purge activity runs here, where the access log lives. Every gateway
 * instance reconciles the schedule at start, so a changed retention applies.
 */
@Injectable()
@Activities(GATEWAY_ACTIVITY_QUEUE)
export class AccessLogRetention implements AccessLogActivities {
  private readonly log = new Logger(AccessLogRetention.name);

  constructor(private readonly accessLog: AccessLogRepository, @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  @Activity()
  async purgeAccessLog({ retentionDays }: AccessLogRetentionInput): Promise<{ deleted: number }> {
    const deleted = await this.accessLog.purgeOlderThan(retentionDays);
    this.log.log(`purged ${deleted} access log entries older than ${retentionDays} days`);
    return { deleted };
  }

  @Schedule(ACCESS_LOG_RETENTION)
  retentionArgs(): [AccessLogRetentionInput] {
    return [{ retentionDays: this.config.ACCESS_LOG_RETENTION_DAYS }];
  }
}
