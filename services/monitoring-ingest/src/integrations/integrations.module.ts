import { Module } from '@nestjs/common';
import { IntegrationRepository } from './integration.repository';
import { IntegrationAuthGuard } from './integration-auth.guard';
import { IntegrationKeysConsumer } from './integration-keys.consumer';
import { RequestSignatures } from './request-signatures';

@Module({
  providers: [IntegrationRepository, IntegrationAuthGuard, IntegrationKeysConsumer, RequestSignatures],
  exports: [IntegrationRepository, IntegrationAuthGuard, RequestSignatures],
})
export class IntegrationsModule {}
