import { Clock } from '@vigil/platform-clock';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { GetAccessReviewRequest, IdentityQueries, ListAccessReviewsRequest } from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { RpcError, serveRequests } from '@vigil/platform-messaging';
import { BackgroundWork, NATS_CONNECTION, TEMPORAL_CLIENT } from '@vigil/platform-runtime';
import {
  ACCESS_REVIEW_SCHEDULE,
  ACCESS_REVIEW_WORKFLOW,
  IDENTITY_ACTIVITY_QUEUE,
  WORKFLOW_TASK_QUEUE,
  type AccessReviewIdentityActivities,
  type AccessReviewSummary,
} from '@vigil/workflow-contracts';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { accessReportText, buildAccessReport } from './access-report';
import { AccessReviewRepository } from './access-review.repository';

/**
 * ACC-5: identity's part of the monthly access review. It owns the schedule
 * (first of the month, 06:00 UTC), builds and keeps the report as an activity,
 * and serves past reports.
 */
@Injectable()
export class AccessReviewService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(AccessReviewService.name);
  private subscriptions: Subscription[] = [];

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly background: BackgroundWork,
    private readonly reviews: AccessReviewRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    const activities: AccessReviewIdentityActivities = { buildAccessReview: ({ period }) => this.build(period) };
    this.background.registerActivities(IDENTITY_ACTIVITY_QUEUE, activities);
    this.subscriptions = [
      serveRequests(this.nc, IdentityQueries.listAccessReviews, 'identity', ListAccessReviewsRequest, async () => ({ reviews: await this.reviews.list(this.dataSource.manager) })),
      serveRequests(this.nc, IdentityQueries.getAccessReview, 'identity', GetAccessReviewRequest, async ({ period }) => {
        const report = await this.reviews.find(this.dataSource.manager, period);
        if (!report) throw new RpcError('NOT_FOUND', `no access review for ${period}`);
        return report;
      }),
    ];
  }

  onModuleDestroy(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.temporal.schedule.create({
        scheduleId: ACCESS_REVIEW_SCHEDULE,
        spec: { cronExpressions: ['0 6 1 * *'] },
        policies: { overlap: ScheduleOverlapPolicy.SKIP },
        action: { type: 'startWorkflow', workflowType: ACCESS_REVIEW_WORKFLOW, taskQueue: WORKFLOW_TASK_QUEUE, args: [{}] },
      });
      this.log.log(`created schedule ${ACCESS_REVIEW_SCHEDULE}`);
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
  }

  private async build(period: string): Promise<AccessReviewSummary> {
    return this.dataSource.transaction(async (manager) => {
      const report = buildAccessReport(period, await this.reviews.accounts(manager), await this.reviews.integrationKeys(manager), this.clock.now(), this.config.PASSWORD_MAX_AGE_DAYS);
      const stored = await this.reviews.store(manager, report);
      const flagged = stored.report.accounts.filter((a) => a.flags.length > 0).length;
      if (stored.created) {
        await this.audit.append(manager, {
          actor: 'system:access-review',
          action: 'access-review.generated',
          target: `access-review:${period}`,
          after: { accounts: stored.report.accounts.length, flagged },
        });
      }
      return { period, accounts: stored.report.accounts.length, flagged, text: accessReportText(stored.report) };
    });
  }
}
