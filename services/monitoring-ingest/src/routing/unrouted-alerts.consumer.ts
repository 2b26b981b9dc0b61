import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AlertUnrouted, TICKETING_STREAM } from '@vigil/contracts';
import { on } from '@vigil/platform-messaging';
import { BackgroundWork } from '@vigil/platform-runtime';

/**
 * Ticketing knows the environments: when an alert's key names none, it says
 * so and the alert is listed as unrouted here (MON-2), kept, never dropped.
 */
@Injectable()
export class UnroutedAlertsConsumer implements OnModuleInit {
  constructor(private readonly background: BackgroundWork) {}

  onModuleInit(): void {
    this.background.registerConsumer({
      name: 'monitoring-unrouted-alerts',
      stream: TICKETING_STREAM.name,
      registrations: [
        on(AlertUnrouted, (event, manager) =>
          manager.query(`UPDATE monitoring.alert_events SET unrouted_reason = $2 WHERE id = $1`, [event.data.alertId, event.data.reason]).then(() => undefined),
        ),
      ],
    });
  }
}
