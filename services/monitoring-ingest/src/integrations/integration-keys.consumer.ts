import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  IDENTITY_STREAM,
  IntegrationKeyIssued,
  IntegrationKeyIssuedV1,
  IntegrationKeyRevoked,
  type EventEnvelope,
  type IntegrationKeyIssuedData,
  type IntegrationKeyIssuedV1Data,
  type IntegrationKeyRevokedData,
} from '@vigil/contracts';
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

  /** Keys issued before customer scopes existed belong to no customer. */
  @OnEvent(IntegrationKeyIssuedV1)
  issuedV1(event: EventEnvelope<IntegrationKeyIssuedV1Data>, manager: EntityManager): Promise<void> {
    return this.integrations.applyIssued(manager, { ...event.data, customerId: null });
  }

  @OnEvent(IntegrationKeyRevoked)
  revoked(event: EventEnvelope<IntegrationKeyRevokedData>, manager: EntityManager): Promise<void> {
    return this.integrations.applyRevoked(manager, event.data.integrationId, event.data.revokedAt);
  }
}
