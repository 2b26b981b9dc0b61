import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATIONS_ACTIVITY_QUEUE, type AccessReviewNotificationActivities, type AccessReviewSummary } from '@vigil/workflow-contracts';
import { Activities, Activity } from '@vigil/platform-runtime';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { EmailSender } from '../email/email-sender';

/** ACC-5: the monthly access report goes to the managed-services team lead, once per month. */
@Injectable()
@Activities(NOTIFICATIONS_ACTIVITY_QUEUE)
export class AccessReviewEmailActivities implements AccessReviewNotificationActivities {
  constructor(@Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig, private readonly sender: EmailSender) {}

  @Activity()
  sendAccessReview(summary: AccessReviewSummary): Promise<void> {
    return this.sender.queue({
      dedupeKey: `access-review:${summary.period}`,
      priority: 'routine',
      recipients: [this.config.TEAM_LEAD_EMAIL],
      subject: `[Vigil] Access review ${summary.period}: ${summary.flagged} of ${summary.accounts} accounts need attention`,
      body: summary.text,
    });
  }
}
