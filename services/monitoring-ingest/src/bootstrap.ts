import { bootstrapHttpService } from '@vigil/platform-runtime';
import { AppModule } from './app.module';
import { loadIngestConfig } from './config';
import { IntakeErrorsFilter } from './alerts/intake-errors.filter';

/** Exported so tests boot exactly what production runs (rule 10). */
export async function bootstrap() {
  const config = loadIngestConfig();
  return bootstrapHttpService(AppModule, {
    port: config.MONITORING_INGEST_PORT,
    host: config.HOST,
    bodyLimitBytes: config.MONITORING_INGEST_BODY_LIMIT,
    // Signed requests are checked against the exact bytes sent.
    rawBody: true,
    highVolumeRoutes: ['POST /v1/alerts/alertmanager', 'POST /v2/enqueue', 'POST /v1/alerts/pagerduty', 'POST /v1/alerts'],
    // Registered after the platform's problem-details filter, so it is asked first.
    configure: (app) => void app.useGlobalFilters(new IntakeErrorsFilter()),
  });
}
