import { Injectable } from '@nestjs/common';
import {
  TicketingQueries as Q,
  type AssignTicketRequest,
  type CommentOnTicketRequest,
  type CreateTicketRequest,
  type EscalateTicketRequest,
  type GetTicketRequest,
  type ListTicketsRequest,
  type ReopenTicketRequest,
  type TicketComment,
  type TicketHistoryEntry,
  type TicketPage,
  type TicketScopedRequest,
  type TicketView,
  type TransitionTicketRequest,
  type WorkQueueRequest,
} from '@vigil/contracts';
import { HandlesCommand, HandlesQuery } from '@vigil/platform-runtime';
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

/** Ticket queries and commands over NATS request/reply; each use case scopes by the request's caller. */
@Injectable()
export class TicketsHandler {
  constructor(
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

  @HandlesQuery(Q.getTicket)
  get(request: GetTicketRequest): Promise<TicketView> {
    return this.getTicket.execute(request);
  }

  @HandlesQuery(Q.listTickets)
  list(request: ListTicketsRequest): Promise<TicketPage> {
    return this.listTickets.execute(request);
  }

  @HandlesQuery(Q.workQueue)
  queue(request: WorkQueueRequest): Promise<TicketPage> {
    return this.workQueue.execute(request);
  }

  @HandlesQuery(Q.ticketHistory)
  history(request: TicketScopedRequest): Promise<TicketHistoryEntry[]> {
    return this.historyOf.history(request);
  }

  @HandlesQuery(Q.ticketComments)
  comments(request: TicketScopedRequest): Promise<TicketComment[]> {
    return this.historyOf.comments(request);
  }

  @HandlesCommand(Q.createTicket)
  create(request: CreateTicketRequest): Promise<TicketView> {
    return this.createTicket.execute(request);
  }

  @HandlesCommand(Q.transitionTicket)
  transition(request: TransitionTicketRequest): Promise<TicketView> {
    return this.transitionTicket.execute(request);
  }

  @HandlesCommand(Q.commentOnTicket)
  comment(request: CommentOnTicketRequest): Promise<TicketComment> {
    return this.commentOnTicket.execute(request);
  }

  @HandlesCommand(Q.reopenTicket)
  reopen(request: ReopenTicketRequest): Promise<TicketView> {
    return this.reopenTicket.execute(request);
  }

  @HandlesCommand(Q.escalateTicket)
  escalate(request: EscalateTicketRequest): Promise<TicketView> {
    return this.escalateTicket.execute(request);
  }

  @HandlesCommand(Q.assignTicket)
  assign(request: AssignTicketRequest): Promise<TicketView> {
    return this.assignTicket.execute(request);
  }
}
