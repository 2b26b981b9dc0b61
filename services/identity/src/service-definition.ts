import type { ServiceDefinition } from '@vigil/platform-runtime';
import { identityMigrations } from './migrations';

export const identityService: ServiceDefinition = {
  name: 'identity',
  schema: 'identity',
  entities: [],
  migrations: identityMigrations,
  streams: [],
  audited: true,
  usesTemporal: true,
};
