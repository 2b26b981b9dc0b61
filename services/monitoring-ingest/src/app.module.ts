import { Global, Module } from '@nestjs/common';
import { PlatformModule } from '@vigil/platform-runtime';
import { AlertsModule } from './alerts/alerts.module';
import { INGEST_CONFIG, loadIngestConfig } from './config';
import { monitoringIngestService } from './service-definition';

@Global()
@Module({ providers: [{ provide: INGEST_CONFIG, useFactory: loadIngestConfig }], exports: [INGEST_CONFIG] })
class IngestConfigModule {}

@Module({ imports: [PlatformModule.forService(monitoringIngestService), IngestConfigModule, AlertsModule] })
export class AppModule {}
