import { Module } from '@nestjs/common';
import { IntegrationRepository } from './integration.repository';
import { IntegrationAuthGuard } from './integration-auth.guard';

@Module({ providers: [IntegrationRepository, IntegrationAuthGuard], exports: [IntegrationRepository, IntegrationAuthGuard] })
export class IntegrationsModule {}
