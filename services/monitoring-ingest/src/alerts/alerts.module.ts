import { Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller';
import { AcceptAlertmanagerWebhookUseCase } from './use-cases/accept-alertmanager-webhook/accept-alertmanager-webhook.use-case';
import { IntegrationsModule } from '../integrations/integrations.module';

@Module({
  imports: [IntegrationsModule],
  controllers: [AlertsController],
  providers: [AcceptAlertmanagerWebhookUseCase],
})
export class AlertsModule {}
