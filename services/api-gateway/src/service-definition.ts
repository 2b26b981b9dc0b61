import { IDENTITY_STREAM } from '@vigil/contracts';
import type { ServiceDefinition } from '@vigil/platform-runtime';
import { gatewayMigrations } from './migrations';

export const gatewayService: ServiceDefinition = {
  name: 'api-gateway',
  schema: 'gateway',
  entities: [],
  migrations: gatewayMigrations,
  streams: [IDENTITY_STREAM],
  usesTemporal: true,
};
