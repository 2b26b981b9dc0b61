import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { defineSchedule } from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { Clock } from '@vigil/platform-clock';
import { Activities, Activity, Schedule } from '@vigil/platform-runtime';
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

/** ACC-5: first of the month, 06:00 UTC. */
export const MONTHLY_ACCESS_REVIEW = defineSchedule({
  id: ACCESS_REVIEW_SCHEDULE,
  workflowType: ACCESS_REVIEW_WORKFLOW,
  taskQueue: WORKFLOW_TASK_QUEUE,
  cronExpressions: ['0 6 1 * *'],
});

/**
 * ACC-5: identity's part of the monthly access review. It owns the schedule
 * and builds and keeps the report as an activity (access-reviews.handler.ts
 * serves past reports).
 */
@Injectable()
@Activities(IDENTITY_ACTIVITY_QUEUE)
export class AccessReviewService implements AccessReviewIdentityActivities {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly reviews: AccessReviewRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  @Schedule(MONTHLY_ACCESS_REVIEW)
  scheduleArgs(): [Record<string, never>] {
    return [{}];
  }

  @Activity()
  buildAccessReview({ period }: { period: string }): Promise<AccessReviewSummary> {
    return this.build(period);
  }

  private async build(period: string): Promise<AccessReviewSummary> {
    return this.dataSource.transaction(async (manager) => {
      const report = buildAccessReport(
        period,
        await this.reviews.accounts(manager),
        await this.reviews.integrationKeys(manager),
        this.clock.now(),
        this.config.PASSWORD_MAX_AGE_DAYS,
        await this.reviews.accountChangesSinceLastReview(manager),
      );
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
