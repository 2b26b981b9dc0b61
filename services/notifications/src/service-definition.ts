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
  // Chained after commit in batches (decision 0024): an email queued is one insert, not a turn on the chain's lock.
  auditSealing: 'after-commit',
  usesTemporal: true,
};
