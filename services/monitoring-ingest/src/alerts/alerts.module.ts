import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module';
import { AlertsController } from './alerts.controller';
import { AlertBatcher } from './alert-batcher';
import { StoredAlertKeys } from './stored-alert-keys';
import { IntakeGate } from './intake-gate';
import { AcceptPagerDutyEventUseCase } from './use-cases/accept-pagerduty-event/accept-pagerduty-event.use-case';
import { RecordAlertsUseCase } from './use-cases/record-alerts/record-alerts.use-case';
import { UnroutedAlertsConsumer } from '../routing/unrouted-alerts.consumer';
import { RoutingRulesUseCase } from '../routing/routing-rules.use-case';
import { MonitoringHandler } from '../monitoring.handler';
import { SigningSecretsUseCase } from '../integrations/signing-secrets.use-case';
import { ListAlertsUseCase } from './use-cases/list-alerts/list-alerts.use-case';
import { EnvironmentDirectoryRepository } from '../routing/environment-directory.repository';
import { EnvironmentDirectoryConsumer } from '../routing/environment-directory.consumer';

@Module({
  imports: [IntegrationsModule],
  controllers: [AlertsController],
  providers: [IntakeGate, AlertBatcher, StoredAlertKeys, RecordAlertsUseCase, AcceptPagerDutyEventUseCase, UnroutedAlertsConsumer, ListAlertsUseCase, RoutingRulesUseCase, SigningSecretsUseCase, MonitoringHandler, EnvironmentDirectoryRepository, EnvironmentDirectoryConsumer],
})
export class AlertsModule {}
