import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { IdempotencyStore } from './idempotency-store';
import { ResponseClocks } from './response-clocks';
import { TicketStatusChanger } from './ticket-status-changer';
import { TicketRepository } from './ticket.repository';
import { TicketTimersActivities } from './ticket-timers/ticket-timers.activities';
import { TicketTimerCommands } from './ticket-timers/ticket-timer-commands';
import { TicketTimerPlanner } from './ticket-timers/ticket-timer-planner';
import { TicketStatusFollowers } from './ticket-status-followers';
import { TicketTimersUseCase } from './ticket-timers/ticket-timers.use-case';
import { TicketsHandler } from './tickets.handler';
import { TicketRepliesConsumer } from './ticket-replies.consumer';
import { RecordEmailReplyUseCase } from './use-cases/record-email-reply/record-email-reply.use-case';
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

@Module({
  imports: [CustomersModule],
  providers: [
    TicketRepository,
    ResponseClocks,
    IdempotencyStore,
    TicketStatusChanger,
    GetTicketUseCase,
    ListTicketsUseCase,
    GetWorkQueueUseCase,
    GetTicketHistoryUseCase,
    CreateTicketUseCase,
    TransitionTicketUseCase,
    CommentOnTicketUseCase,
    ReopenTicketUseCase,
    EscalateTicketUseCase,
    AssignTicketUseCase,
    TicketsHandler,
    TicketTimerPlanner,
    TicketTimersUseCase,
    TicketTimersActivities,
    TicketTimerCommands,
    TicketStatusFollowers,
    RecordEmailReplyUseCase,
    TicketRepliesConsumer,
  ],
  exports: [TicketRepository, ResponseClocks, TicketStatusChanger, TicketStatusFollowers, TicketTimerCommands],
})
export class TicketsModule {}
