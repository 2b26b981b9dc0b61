import { clockFromEnvironment } from '@vigil/platform-clock';
import { Type } from '@sinclair/typebox';
import { loadConfig } from '@vigil/platform-config';
import { runCommand, runDevSeedCommand } from '@vigil/platform-runtime';
import { IntegrationRepository } from './integrations/integration.repository';
import { monitoringIngestService } from './service-definition';

/** The demo monitoring integration; its key comes from the generated dev credentials file. */
const demo = Type.Object({
  VIGIL_DEMO_INTEGRATION_ID: Type.String({ format: 'uuid', default: '6f1c2a9e-3b1d-4c1e-9a55-0d5e2b7c9a01' }),
  VIGIL_DEMO_MONITORING_KEY: Type.String({ minLength: 32 }),
});

runCommand('monitoring-ingest seed-dev', () =>
  runDevSeedCommand(monitoringIngestService, async (dataSource) => {
    const config = loadConfig(demo);
    await new IntegrationRepository(dataSource, clockFromEnvironment()).create({
      id: config.VIGIL_DEMO_INTEGRATION_ID,
      name: 'Demo Alertmanager',
      kind: 'alertmanager',
      apiKey: config.VIGIL_DEMO_MONITORING_KEY,
    });
  }),
);
