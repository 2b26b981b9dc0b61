import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IntegrationKeyUsed, MONITORING_STREAM, type EventEnvelope, type IntegrationKeyUsedData } from '@vigil/contracts';
import { ConsumesEvents, OnEvent } from '@vigil/platform-runtime';

/** monitoring-ingest reports each key's use (for the access review, ACC-5); the latest one wins whatever the delivery order. */
@Injectable()
@ConsumesEvents({ durable: 'identity-integration-key-usage', stream: MONITORING_STREAM })
export class IntegrationKeyUsageConsumer {
  @OnEvent(IntegrationKeyUsed)
  async used(event: EventEnvelope<IntegrationKeyUsedData>, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE identity.integration_keys SET last_used_at = GREATEST(COALESCE(last_used_at, $2), $2) WHERE id = $1`, [
      event.data.integrationId,
      event.data.usedAt,
    ]);
  }
}
