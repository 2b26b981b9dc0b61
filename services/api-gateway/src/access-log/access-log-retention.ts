import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import {
  ACCESS_LOG_RETENTION_SCHEDULE,
  ACCESS_LOG_RETENTION_WORKFLOW,
  GATEWAY_ACTIVITY_QUEUE,
  WORKFLOW_TASK_QUEUE,
  type AccessLogActivities,
} from '@vigil/workflow-contracts';
import { BackgroundWork, TEMPORAL_CLIENT } from '@vigil/platform-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { AccessLogRepository } from './access-log.repository';

/**
 * ACC-2 retention: a Temporal schedule runs the retention workflow every night;
 * its purge activity runs here, where the access log lives. The schedule is
 * created once (idempotently) by whichever gateway instance starts first.
 */
@Injectable()
export class AccessLogRetention implements OnModuleInit, OnApplicationBootstrap {
  private readonly log = new Logger(AccessLogRetention.name);

  constructor(
    private readonly background: BackgroundWork,
    private readonly accessLog: AccessLogRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    const activities: AccessLogActivities = {
      purgeAccessLog: async ({ retentionDays }) => {
        const deleted = await this.accessLog.purgeOlderThan(retentionDays);
        this.log.log(`purged ${deleted} access log entries older than ${retentionDays} days`);
        return { deleted };
      },
    };
    this.background.registerActivities(GATEWAY_ACTIVITY_QUEUE, activities);
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.temporal.schedule.create({
        scheduleId: ACCESS_LOG_RETENTION_SCHEDULE,
        spec: { cronExpressions: ['15 3 * * *'] }, // nightly, 03:15 UTC
        policies: { overlap: ScheduleOverlapPolicy.SKIP },
        action: {
          type: 'startWorkflow',
          workflowType: ACCESS_LOG_RETENTION_WORKFLOW,
          taskQueue: WORKFLOW_TASK_QUEUE,
          args: [{ retentionDays: this.config.ACCESS_LOG_RETENTION_DAYS }],
        },
      });
      this.log.log(`created schedule ${ACCESS_LOG_RETENTION_SCHEDULE}`);
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
  }
}
