import { Module } from '@nestjs/common';
import { PlatformModule } from '@vigil/platform-runtime';
import { AlertsModule } from './alerts/alerts.module';
import { monitoringIngestService } from './service-definition';

@Module({ imports: [PlatformModule.forService(monitoringIngestService), AlertsModule] })
export class AppModule {}
