import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { Clock } from '@vigil/platform-clock';
import { serveContract } from '@vigil/platform-messaging';
import { isDatabaseUnreachable } from '@vigil/platform-persistence';
import { NATS_CONNECTION, SERVICE_DEFINITION } from '../tokens';
import type { ServiceDefinition } from '../service-definition';
import type { DiscoveredHandler } from './discovered-wiring';

/** Serves the discovered `@HandlesQuery`/`@HandlesCommand` methods in the service's queue group. */
@Injectable()
export class RpcHandlers {
  private readonly log = new Logger('RpcHandlers');
  private subscriptions: Subscription[] = [];

  constructor(
    @Inject(SERVICE_DEFINITION) private readonly service: ServiceDefinition,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly clock: Clock,
  ) {}

  serve(handlers: DiscoveredHandler[]): void {
    const subjects = new Map<string, string>();
    for (const { contract, origin } of handlers) {
      const other = subjects.get(contract.subject);
      if (other) throw new Error(`${contract.subject} is handled by both ${other} and ${origin}`);
      subjects.set(contract.subject, origin);
    }
    const options = { queue: this.service.name, clock: this.clock, isUnavailable: isDatabaseUnreachable };
    this.subscriptions = handlers.map(({ contract, handle }) => serveContract(this.nc, contract, handle as never, options));
    this.log.log(`serving ${handlers.length} subjects in queue group ${this.service.name}`);
  }

  stop(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions = [];
  }
}
