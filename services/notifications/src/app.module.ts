import { Global, Module } from '@nestjs/common';
import { PlatformModule } from '@vigil/platform-runtime';
import { loadNotificationsConfig, NOTIFICATIONS_CONFIG } from './config';
import { EmailModule } from './email/email.module';
import { InboundModule } from './inbound/inbound.module';
import { AccessReviewEmailActivities } from './access-review/access-review-email.activities';
import { OutageNotificationActivitiesProvider } from './outages/outage-notification.activities';
import { notificationsService } from './service-definition';
import { TicketEmailsConsumer } from './tickets/ticket-emails.consumer';

@Global()
@Module({ providers: [{ provide: NOTIFICATIONS_CONFIG, useFactory: loadNotificationsConfig }], exports: [NOTIFICATIONS_CONFIG] })
class NotificationsConfigModule {}

@Module({
  imports: [PlatformModule.forService(notificationsService), NotificationsConfigModule, EmailModule, InboundModule],
  providers: [TicketEmailsConsumer, OutageNotificationActivitiesProvider, AccessReviewEmailActivities],
})
export class AppModule {}
