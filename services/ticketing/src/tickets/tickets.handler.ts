import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { GetTicketRequest, ListTicketsRequest, TicketingQueries } from '@vigil/contracts';
import { serveRequests } from '@vigil/platform-messaging';
import { NATS_CONNECTION } from '@vigil/platform-runtime';
import { GetTicketUseCase } from './use-cases/get-ticket/get-ticket.use-case';
import { ListTicketsUseCase } from './use-cases/list-tickets/list-tickets.use-case';

/** Ticket queries over NATS request/reply, in the `ticketing` queue group. */
@Injectable()
export class TicketsHandler implements OnModuleInit, OnModuleDestroy {
  private subscriptions: Subscription[] = [];

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection, private readonly getTicket: GetTicketUseCase, private readonly listTickets: ListTicketsUseCase) {}

  onModuleInit(): void {
    this.subscriptions = [
      serveRequests(this.nc, TicketingQueries.getTicket, 'ticketing', GetTicketRequest, (q) => this.getTicket.execute(q)),
      serveRequests(this.nc, TicketingQueries.listTickets, 'ticketing', ListTicketsRequest, (q) => this.listTickets.execute(q)),
    ];
  }

  onModuleDestroy(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }
}
