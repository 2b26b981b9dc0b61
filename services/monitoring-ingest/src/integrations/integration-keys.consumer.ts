import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IDENTITY_STREAM, IntegrationKeyIssued, IntegrationKeyRevoked, type EventEnvelope, type IntegrationKeyIssuedData, type IntegrationKeyRevokedData } from '@vigil/contracts';
import { ConsumesEvents, OnEvent } from '@vigil/platform-runtime';
import { IntegrationRepository } from './integration.repository';

/** Keeps the local copy of identity's integration keys current: issued keys work, revoked ones stop. */
@Injectable()
@ConsumesEvents({ durable: 'monitoring-integration-keys', stream: IDENTITY_STREAM })
export class IntegrationKeysConsumer {
  constructor(private readonly integrations: IntegrationRepository) {}

  @OnEvent(IntegrationKeyIssued)
  issued(event: EventEnvelope<IntegrationKeyIssuedData>, manager: EntityManager): Promise<void> {
    return this.integrations.applyIssued(manager, event.data);
  }

  @OnEvent(IntegrationKeyRevoked)
  revoked(event: EventEnvelope<IntegrationKeyRevokedData>, manager: EntityManager): Promise<void> {
    return this.integrations.applyRevoked(manager, event.data.integrationId, event.data.revokedAt);
  }
}
