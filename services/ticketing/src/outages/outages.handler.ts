import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { AvailabilityRequest, ListOutagesRequest, TicketingQueries } from '@vigil/contracts';
import { serveRequests } from '@vigil/platform-messaging';
import { NATS_CONNECTION } from '@vigil/platform-runtime';
import { GetAvailabilityUseCase } from './use-cases/get-availability/get-availability.use-case';
import { ListOutagesUseCase } from './use-cases/list-outages/list-outages.use-case';

/** Outage reads over NATS request/reply, in the `ticketing` queue group. */
@Injectable()
export class OutagesHandler implements OnModuleInit, OnModuleDestroy {
  private subscriptions: Subscription[] = [];

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection, private readonly listOutages: ListOutagesUseCase, private readonly availability: GetAvailabilityUseCase) {}

  onModuleInit(): void {
    this.subscriptions = [
      serveRequests(this.nc, TicketingQueries.listOutages, 'ticketing', ListOutagesRequest, (r) => this.listOutages.execute(r)),
      serveRequests(this.nc, TicketingQueries.availability, 'ticketing', AvailabilityRequest, (r) => this.availability.execute(r)),
    ];
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }
}
