import { CUSTOMERS_STREAM, IDENTITY_STREAM, MONITORING_STREAM, TICKETING_STREAM } from '@vigil/contracts';
import type { ServiceDefinition } from '@vigil/platform-runtime';
import { monitoringMigrations } from './migrations';

export const monitoringIngestService: ServiceDefinition = {
  name: 'monitoring-ingest',
  schema: 'monitoring',
  entities: [],
  migrations: monitoringMigrations,
  streams: [MONITORING_STREAM, IDENTITY_STREAM, TICKETING_STREAM, CUSTOMERS_STREAM],
  audited: true,
  /** Alert batches commit concurrently; their audit entries are chained after commit (decision 0024). */
  auditSealing: 'after-commit',
  usesTemporal: false,
};
