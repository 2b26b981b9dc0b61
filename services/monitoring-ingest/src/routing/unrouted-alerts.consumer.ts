import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AlertUnrouted, TICKETING_STREAM, type EventEnvelope } from '@vigil/contracts';
import { ConsumesEvents, OnEvent } from '@vigil/platform-runtime';

/**
 * Ticketing knows the environments: when an alert's key names none, it says
 * so and the alert is listed as unrouted here (MON-2), kept, never dropped.
 */
@Injectable()
@ConsumesEvents({ durable: 'monitoring-unrouted-alerts', stream: TICKETING_STREAM })
export class UnroutedAlertsConsumer {
  @OnEvent(AlertUnrouted)
  async unrouted(event: EventEnvelope<{ alertId: string; reason: string }>, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE monitoring.alert_events SET unrouted_reason = $2 WHERE id = $1`, [event.data.alertId, event.data.reason]);
  }
}
