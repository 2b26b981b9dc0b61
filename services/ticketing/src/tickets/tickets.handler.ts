import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  AssignTicketRequest,
  CommentOnTicketRequest,
  CreateTicketRequest,
  EscalateTicketRequest,
  GetTicketRequest,
  ListTicketsRequest,
  ReopenTicketRequest,
  TicketingQueries,
  TicketScopedRequest,
  TransitionTicketRequest,
  WorkQueueRequest,
} from '@vigil/contracts';
import { serveRequests } from '@vigil/platform-messaging';
import { NATS_CONNECTION } from '@vigil/platform-runtime';
import { AssignTicketUseCase } from './use-cases/assign-ticket/assign-ticket.use-case';
import { CommentOnTicketUseCase } from './use-cases/comment-on-ticket/comment-on-ticket.use-case';
import { CreateTicketUseCase } from './use-cases/create-ticket/create-ticket.use-case';
import { EscalateTicketUseCase } from './use-cases/escalate-ticket/escalate-ticket.use-case';
import { GetTicketHistoryUseCase } from './use-cases/get-ticket-history/get-ticket-history.use-case';
import { GetTicketUseCase } from './use-cases/get-ticket/get-ticket.use-case';
import { GetWorkQueueUseCase } from './use-cases/get-work-queue/get-work-queue.use-case';
import { ListTicketsUseCase } from './use-cases/list-tickets/list-tickets.use-case';
import { ReopenTicketUseCase } from './use-cases/reopen-ticket/reopen-ticket.use-case';
import { TransitionTicketUseCase } from './use-cases/transition-ticket/transition-ticket.use-case';

/** Ticket queries and commands over NATS request/reply, in the `ticketing` queue group. */
@Injectable()
export class TicketsHandler implements OnModuleInit, OnModuleDestroy {
  private subscriptions: Subscription[] = [];

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly getTicket: GetTicketUseCase,
    private readonly listTickets: ListTicketsUseCase,
    private readonly workQueue: GetWorkQueueUseCase,
    private readonly historyOf: GetTicketHistoryUseCase,
    private readonly createTicket: CreateTicketUseCase,
    private readonly transitionTicket: TransitionTicketUseCase,
    private readonly commentOnTicket: CommentOnTicketUseCase,
    private readonly reopenTicket: ReopenTicketUseCase,
    private readonly escalateTicket: EscalateTicketUseCase,
    private readonly assignTicket: AssignTicketUseCase,
  ) {}

  onModuleInit(): void {
    const serve = serveRequests;
    const q = TicketingQueries;
    this.subscriptions = [
      serve(this.nc, q.getTicket, 'ticketing', GetTicketRequest, (r) => this.getTicket.execute(r)),
      serve(this.nc, q.listTickets, 'ticketing', ListTicketsRequest, (r) => this.listTickets.execute(r)),
      serve(this.nc, q.workQueue, 'ticketing', WorkQueueRequest, (r) => this.workQueue.execute(r)),
      serve(this.nc, q.ticketHistory, 'ticketing', TicketScopedRequest, (r) => this.historyOf.history(r)),
      serve(this.nc, q.ticketComments, 'ticketing', TicketScopedRequest, (r) => this.historyOf.comments(r)),
      serve(this.nc, q.createTicket, 'ticketing', CreateTicketRequest, (r) => this.createTicket.execute(r)),
      serve(this.nc, q.transitionTicket, 'ticketing', TransitionTicketRequest, (r) => this.transitionTicket.execute(r)),
      serve(this.nc, q.commentOnTicket, 'ticketing', CommentOnTicketRequest, (r) => this.commentOnTicket.execute(r)),
      serve(this.nc, q.reopenTicket, 'ticketing', ReopenTicketRequest, (r) => this.reopenTicket.execute(r)),
      serve(this.nc, q.escalateTicket, 'ticketing', EscalateTicketRequest, (r) => this.escalateTicket.execute(r)),
      serve(this.nc, q.assignTicket, 'ticketing', AssignTicketRequest, (r) => this.assignTicket.execute(r)),
    ];
  }

  onModuleDestroy(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }
}
