import { Injectable, type OnModuleInit } from '@nestjs/common';
import { IDENTITY_STREAM, IntegrationKeyIssued, IntegrationKeyRevoked } from '@vigil/contracts';
import { on } from '@vigil/platform-messaging';
import { BackgroundWork } from '@vigil/platform-runtime';
import { IntegrationRepository } from './integration.repository';

/** Keeps the local copy of identity's integration keys current: issued keys work, revoked ones stop. */
@Injectable()
export class IntegrationKeysConsumer implements OnModuleInit {
  constructor(private readonly background: BackgroundWork, private readonly integrations: IntegrationRepository) {}

  onModuleInit(): void {
    this.background.registerConsumer({
      name: 'monitoring-integration-keys',
      stream: IDENTITY_STREAM.name,
      registrations: [
        on(IntegrationKeyIssued, (event, manager) => this.integrations.applyIssued(manager, event.data)),
        on(IntegrationKeyRevoked, (event, manager) => this.integrations.applyRevoked(manager, event.data.integrationId, event.data.revokedAt)),
      ],
    });
  }
}
