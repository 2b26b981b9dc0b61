import { Module } from '@nestjs/common';
import { TicketRepository } from './ticket.repository';
import { TicketsHandler } from './tickets.handler';
import { GetTicketUseCase } from './use-cases/get-ticket/get-ticket.use-case';
import { ListTicketsUseCase } from './use-cases/list-tickets/list-tickets.use-case';

@Module({ providers: [TicketRepository, GetTicketUseCase, ListTicketsUseCase, TicketsHandler], exports: [TicketRepository] })
export class TicketsModule {}
