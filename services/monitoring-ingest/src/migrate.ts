import { runCommand, runMigrateCommand } from '@vigil/platform-runtime';
import { monitoringIngestService } from './service-definition';

runCommand('monitoring-ingest migrate', () => runMigrateCommand(monitoringIngestService));
