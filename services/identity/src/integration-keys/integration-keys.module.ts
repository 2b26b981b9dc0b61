import { Module } from '@nestjs/common';
import { IntegrationKeyUsageConsumer } from './integration-key-usage.consumer';
import { IntegrationKeysHandler } from './integration-keys.handler';
import { IntegrationKeysService } from './integration-keys.service';

@Module({ providers: [IntegrationKeysService, IntegrationKeysHandler, IntegrationKeyUsageConsumer] })
export class IntegrationKeysModule {}
