import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATIONS_ACTIVITY_QUEUE, type OutageNotificationActivities, type OutageRecoveryInput } from '@vigil/workflow-contracts';
import { Activities, Activity } from '@vigil/platform-runtime';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { EmailSender } from '../email/email-sender';
import { onCallEmail, recoveryTargetBreachedEmail, teamLeadEmail, type EmailContent } from '../email/templates';

/**
 * MON-3 notifications, run by the outage recovery workflow. Each one is keyed
 * by outage and purpose, so a retried activity never sends twice. All are
 * pages: sent ahead of any backlog of routine mail (issue 19).
 */
@Injectable()
@Activities(NOTIFICATIONS_ACTIVITY_QUEUE)
export class OutageNotificationActivitiesProvider implements OutageNotificationActivities {
  constructor(@Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig, private readonly sender: EmailSender) {}

  @Activity()
  notifyOnCall(outage: OutageRecoveryInput): Promise<void> {
    return this.notify(outage, 'on-call', [this.config.ONCALL_EMAIL], onCallEmail(outage));
  }

  @Activity()
  notifyTeamLead(outage: OutageRecoveryInput): Promise<void> {
    return this.notify(outage, 'team-lead', [this.config.TEAM_LEAD_EMAIL], teamLeadEmail(outage));
  }

  @Activity()
  notifyRecoveryTargetBreached(outage: OutageRecoveryInput): Promise<void> {
    return this.notify(outage, 'target-breached', [this.config.HEAD_OF_MANAGED_SERVICES_EMAIL], recoveryTargetBreachedEmail(outage));
  }

  private notify(outage: OutageRecoveryInput, purpose: string, recipients: string[], content: EmailContent): Promise<void> {
    return this.sender.queue({ dedupeKey: `outage:${outage.outageId}:${purpose}`, priority: 'page', recipients, ...content });
  }
}
