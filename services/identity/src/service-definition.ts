import { IDENTITY_STREAM, MONITORING_STREAM } from '@vigil/contracts';
import type { ServiceDefinition } from '@vigil/platform-runtime';
import { identityMigrations } from './migrations';

export const identityService: ServiceDefinition = {
  name: 'identity',
  schema: 'identity',
  entities: [],
  migrations: identityMigrations,
  streams: [IDENTITY_STREAM, MONITORING_STREAM],
  audited: true,
  usesTemporal: true,
};
