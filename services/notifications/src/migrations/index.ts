import { outboxAbandonmentMigration } from '@vigil/platform-messaging';
import { CreateNotificationsSchema1763850200000 } from './1763850200000-create-notifications-schema';
import { NotificationsAuditLog1763930100000 } from './1763930100000-notifications-audit-log';
import { TicketEmailReplies1763940000000 } from './1763940000000-ticket-email-replies';
import { EmailPriority1764400000000 } from './1764400000000-email-priority';
import { AuditIntake1765100100000 } from './1765100100000-audit-intake';

export const notificationsMigrations = [CreateNotificationsSchema1763850200000, NotificationsAuditLog1763930100000, TicketEmailReplies1763940000000, outboxAbandonmentMigration('notifications'), EmailPriority1764400000000, AuditIntake1765100100000];
