import { CreateNotificationsSchema1763850200000 } from './1763850200000-create-notifications-schema';

export const notificationsMigrations = [CreateNotificationsSchema1763850200000];
