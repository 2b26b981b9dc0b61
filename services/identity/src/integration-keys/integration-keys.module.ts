import { Module } from '@nestjs/common';
import { IntegrationKeysService } from './integration-keys.service';

@Module({ providers: [IntegrationKeysService] })
export class IntegrationKeysModule {}
