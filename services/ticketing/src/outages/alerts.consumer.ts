import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AlertAcknowledged, AlertFired, AlertResolved, MONITORING_STREAM } from '@vigil/contracts';
import { BackgroundWork } from '@vigil/platform-runtime';
import { on, onBatch } from '@vigil/platform-messaging';
import { AcknowledgeOutageUseCase } from './use-cases/acknowledge-outage/acknowledge-outage.use-case';
import { OpenOrAttachOutageUseCase } from './use-cases/open-or-attach-outage/open-or-attach-outage.use-case';
import { RecordAlertResolutionUseCase } from './use-cases/record-alert-resolution/record-alert-resolution.use-case';

/** Alerts from monitoring-ingest, in stream order, each applied exactly once. */
@Injectable()
export class AlertsConsumer implements OnModuleInit {
  constructor(
    private readonly background: BackgroundWork,
    private readonly openOrAttach: OpenOrAttachOutageUseCase,
    private readonly recordResolution: RecordAlertResolutionUseCase,
    private readonly acknowledge: AcknowledgeOutageUseCase,
  ) {}

  onModuleInit(): void {
    this.background.registerConsumer({
      name: 'ticketing-alerts',
      stream: MONITORING_STREAM.name,
      registrations: [
        // Under an alert storm most events are firing alerts: they are taken many at a time.
        onBatch(AlertFired, (events, manager) => this.openOrAttach.execute(events.map((e) => e.data), manager)),
        on(AlertResolved, (event, manager) => this.recordResolution.execute(event.data, manager)),
        on(AlertAcknowledged, (event, manager) => this.acknowledge.execute(event.data, manager)),
      ],
    });
  }
}
