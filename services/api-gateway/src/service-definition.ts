import type { ServiceDefinition } from '@vigil/platform-runtime';
import { gatewayMigrations } from './migrations';

export const gatewayService: ServiceDefinition = {
  name: 'api-gateway',
  schema: 'gateway',
  entities: [],
  migrations: gatewayMigrations,
  streams: [],
  usesTemporal: true,
};
