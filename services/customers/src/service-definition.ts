import { CUSTOMERS_STREAM } from '@vigil/contracts';
import type { ServiceDefinition } from '@vigil/platform-runtime';
import { customersMigrations } from './migrations';

export const customersService: ServiceDefinition = {
  name: 'customers',
  schema: 'customers',
  entities: [],
  migrations: customersMigrations,
  streams: [CUSTOMERS_STREAM],
  audited: true,
  usesTemporal: false,
};
