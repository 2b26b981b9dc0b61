import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { NOTIFICATIONS_ACTIVITY_QUEUE, type OutageNotificationActivities, type OutageRecoveryInput } from '@vigil/workflow-contracts';
import { BackgroundWork } from '@vigil/platform-runtime';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { EmailSender } from '../email/email-sender';
import { onCallEmail, recoveryTargetBreachedEmail, teamLeadEmail, type EmailContent } from '../email/templates';

/**
 * MON-3 notifications, run by the outage recovery workflow. Each one is keyed
 * by outage and purpose, so a retried activity never sends twice.
 */
@Injectable()
export class OutageNotificationActivitiesProvider implements OnModuleInit {
  constructor(
    private readonly background: BackgroundWork,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly sender: EmailSender,
  ) {}

  onModuleInit(): void {
    const activities: OutageNotificationActivities = {
      notifyOnCall: (o) => this.notify(o, 'on-call', [this.config.ONCALL_EMAIL], onCallEmail(o)),
      notifyTeamLead: (o) => this.notify(o, 'team-lead', [this.config.TEAM_LEAD_EMAIL], teamLeadEmail(o)),
      notifyRecoveryTargetBreached: (o) =>
        this.notify(o, 'target-breached', [this.config.HEAD_OF_MANAGED_SERVICES_EMAIL], recoveryTargetBreachedEmail(o)),
    };
    this.background.registerActivities(NOTIFICATIONS_ACTIVITY_QUEUE, activities);
  }

  private notify(outage: OutageRecoveryInput, purpose: string, recipients: string[], content: EmailContent): Promise<void> {
    return this.sender.queue({ dedupeKey: `outage:${outage.outageId}:${purpose}`, recipients, ...content });
  }
}
