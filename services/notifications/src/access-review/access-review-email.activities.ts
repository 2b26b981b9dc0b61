import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { NOTIFICATIONS_ACTIVITY_QUEUE, type AccessReviewNotificationActivities } from '@vigil/workflow-contracts';
import { BackgroundWork } from '@vigil/platform-runtime';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { EmailSender } from '../email/email-sender';

/** ACC-5: the monthly access report goes to the managed-services team lead, once per month. */
@Injectable()
export class AccessReviewEmailActivities implements OnModuleInit {
  constructor(
    private readonly background: BackgroundWork,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly sender: EmailSender,
  ) {}

  onModuleInit(): void {
    const activities: AccessReviewNotificationActivities = {
      sendAccessReview: (summary) =>
        this.sender.queue({
          dedupeKey: `access-review:${summary.period}`,
          recipients: [this.config.TEAM_LEAD_EMAIL],
          subject: `[Vigil] Access review ${summary.period}: ${summary.flagged} of ${summary.accounts} accounts need attention`,
          body: summary.text,
        }),
    };
    this.background.registerActivities(NOTIFICATIONS_ACTIVITY_QUEUE, activities);
  }
}
