import { CreateNotificationsSchema1763850200000 } from './1763850200000-create-notifications-schema';
import { NotificationsAuditLog1763930100000 } from './1763930100000-notifications-audit-log';

export const notificationsMigrations = [CreateNotificationsSchema1763850200000, NotificationsAuditLog1763930100000];
