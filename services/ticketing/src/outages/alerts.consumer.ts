import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AlertAcknowledged, AlertFired, AlertResolved, MONITORING_STREAM, type AlertAcknowledgedData, type AlertFiredData, type AlertResolvedData, type EventEnvelope } from '@vigil/contracts';
import { ConsumesEvents, OnEvent, OnEvents } from '@vigil/platform-runtime';
import { AcknowledgeOutageUseCase } from './use-cases/acknowledge-outage/acknowledge-outage.use-case';
import { OpenOrAttachOutageUseCase } from './use-cases/open-or-attach-outage/open-or-attach-outage.use-case';
import { RecordAlertResolutionUseCase } from './use-cases/record-alert-resolution/record-alert-resolution.use-case';

/** Alerts from monitoring-ingest, in stream order, each applied exactly once. */
@Injectable()
@ConsumesEvents({ durable: 'ticketing-alerts', stream: MONITORING_STREAM })
export class AlertsConsumer {
  constructor(
    private readonly openOrAttach: OpenOrAttachOutageUseCase,
    private readonly recordResolution: RecordAlertResolutionUseCase,
    private readonly acknowledge: AcknowledgeOutageUseCase,
  ) {}

  /** Under an alert storm most events are firing alerts: they are taken many at a time. */
  @OnEvents(AlertFired)
  fired(events: Array<EventEnvelope<AlertFiredData>>, manager: EntityManager): Promise<void> {
    return this.openOrAttach.execute(events.map((e) => e.data), manager);
  }

  @OnEvent(AlertResolved)
  resolved(event: EventEnvelope<AlertResolvedData>, manager: EntityManager): Promise<void> {
    return this.recordResolution.execute(event.data, manager);
  }

  @OnEvent(AlertAcknowledged)
  acknowledged(event: EventEnvelope<AlertAcknowledgedData>, manager: EntityManager): Promise<void> {
    return this.acknowledge.execute(event.data, manager);
  }
}
