import { NOTIFICATIONS_STREAM, TICKETING_STREAM } from '@vigil/contracts';
import type { ServiceDefinition } from '@vigil/platform-runtime';
import { notificationsMigrations } from './migrations';

export const notificationsService: ServiceDefinition = {
  name: 'notifications',
  schema: 'notifications',
  entities: [],
  migrations: notificationsMigrations,
  streams: [TICKETING_STREAM, NOTIFICATIONS_STREAM],
  audited: true,
  usesTemporal: true,
};
