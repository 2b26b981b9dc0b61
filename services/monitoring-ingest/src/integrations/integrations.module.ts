import { Module } from '@nestjs/common';
import { IntegrationRepository } from './integration.repository';
import { IntegrationAuthGuard } from './integration-auth.guard';
import { IntegrationKeysConsumer } from './integration-keys.consumer';

@Module({ providers: [IntegrationRepository, IntegrationAuthGuard, IntegrationKeysConsumer], exports: [IntegrationRepository, IntegrationAuthGuard] })
export class IntegrationsModule {}
