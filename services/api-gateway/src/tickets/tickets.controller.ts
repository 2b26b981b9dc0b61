import { Controller, Get, Headers, HttpCode, Post, Query, Req } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import {
  Assignment,
  Escalation,
  GetTicketRequest,
  ListTicketsRequest,
  NewComment,
  NewTicket,
  Reopening,
  TicketComment,
  TicketHistoryEntry,
  TicketingQueries,
  TicketPage,
  TicketTransition,
  TicketView,
  WorkQueueRequest,
} from '@vigil/contracts';
import { StaffOnly, StaffOrOwnCustomer } from '@vigil/platform-auth';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { ApiQuery, ApiResponse } from '../http/api-docs.decorators';
import { callerOf } from '../http/caller';
import { typedQuery, validRequest } from '../http/typed-query';
import { UuidParam } from '../http/path-param.decorator';
import { ValidBody } from '../http/valid-body.decorator';
import { RpcClient } from '../rpc-client';

const CommentList = Type.Object({ items: Type.Array(TicketComment) });
const HistoryList = Type.Object({ items: Type.Array(TicketHistoryEntry) });

/**
 * Support tickets (TKT-1…TKT-7) for staff, and for customer users their own
 * customer's tickets. POSTs honour an `Idempotency-Key` header.
 */
@Controller('v1/tickets')
@StaffOrOwnCustomer('ANY')
export class TicketsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiQuery(ListTicketsRequest)
  @ApiResponse('Tickets, newest first', TicketPage)
  list(@Req() http: AuthenticatedRequest, @Query() query: Record<string, string>): Promise<TicketPage> {
    // A customer user's list is confined to its customer by ticketing, whatever filter it sends.
    return this.rpc.call(TicketingQueries.listTickets, callerOf(http), validRequest(ListTicketsRequest, typedQuery(query, ['breached'])));
  }

  /** TKT-3: what staff work on next. */
  @Get('work-queue')
  @StaffOnly('ANY')
  @ApiQuery(WorkQueueRequest)
  @ApiResponse('Open tickets in TKT-3 order', TicketPage)
  workQueue(@Req() http: AuthenticatedRequest, @Query() query: Record<string, string>): Promise<TicketPage> {
    return this.rpc.call(TicketingQueries.workQueue, callerOf(http), validRequest(WorkQueueRequest, typedQuery(query)));
  }

  @Post()
  @HttpCode(201)
  @ApiResponse('The ticket, its response clock started', TicketView)
  create(@Req() http: AuthenticatedRequest, @ValidBody(NewTicket) ticket: NewTicket, @Headers('idempotency-key') idempotencyKey?: string): Promise<TicketView> {
    return this.rpc.call(TicketingQueries.createTicket, callerOf(http), { ...(idempotencyKey ? { idempotencyKey } : {}), ticket });
  }

  @Get(':ticketId')
  @ApiResponse('The ticket with its exact response clock', TicketView)
  get(@Req() http: AuthenticatedRequest, @UuidParam('ticketId') ticketId: string): Promise<TicketView> {
    return this.rpc.call(TicketingQueries.getTicket, callerOf(http), validRequest(GetTicketRequest, { ticketId: ticketId }));
  }

  /** TKT-1: staff move tickets; customers reply or reopen instead. */
  @Post(':ticketId/transitions')
  @StaffOnly('ANY')
  @HttpCode(200)
  @ApiResponse('The ticket after the move', TicketView)
  transition(
    @Req() http: AuthenticatedRequest,
    @UuidParam('ticketId') ticketId: string,
    @ValidBody(TicketTransition) transition: TicketTransition,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<TicketView> {
    return this.rpc.call(TicketingQueries.transitionTicket, callerOf(http), {
      ticketId: ticketId,
      ...(idempotencyKey ? { idempotencyKey } : {}),
      transition,
    });
  }

  @Post(':ticketId/comments')
  @HttpCode(201)
  @ApiResponse('The comment', TicketComment)
  comment(
    @Req() http: AuthenticatedRequest,
    @UuidParam('ticketId') ticketId: string,
    @ValidBody(NewComment) comment: NewComment,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<TicketComment> {
    return this.rpc.call(TicketingQueries.commentOnTicket, callerOf(http), {
      ticketId: ticketId,
      ...(idempotencyKey ? { idempotencyKey } : {}),
      comment,
    });
  }

  @Get(':ticketId/comments')
  @ApiResponse('Comments, oldest first (customers see public ones only)', CommentList)
  comments(@Req() http: AuthenticatedRequest, @UuidParam('ticketId') ticketId: string): Promise<{ items: TicketComment[] }> {
    return this.rpc
      .call(TicketingQueries.ticketComments, callerOf(http), { ticketId: ticketId })
      .then((items) => ({ items }));
  }

  @Post(':ticketId/reopen')
  @HttpCode(200)
  @ApiResponse('The reopened ticket', TicketView)
  reopen(
    @Req() http: AuthenticatedRequest,
    @UuidParam('ticketId') ticketId: string,
    @ValidBody(Reopening) reopening: { comment?: string },
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<TicketView> {
    return this.rpc.call(TicketingQueries.reopenTicket, callerOf(http), {
      ticketId: ticketId,
      ...(idempotencyKey ? { idempotencyKey } : {}),
      reopening,
    });
  }

  /** Staff assign a ticket to an engineer (`assigneeId: null` unassigns). */
  @Post(':ticketId/assignment')
  @StaffOnly('ANY')
  @HttpCode(200)
  @ApiResponse('The ticket', TicketView)
  assign(
    @Req() http: AuthenticatedRequest,
    @UuidParam('ticketId') ticketId: string,
    @ValidBody(Assignment) assignment: { assigneeId: string | null },
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<TicketView> {
    return this.rpc.call(TicketingQueries.assignTicket, callerOf(http), {
      ticketId: ticketId,
      ...(idempotencyKey ? { idempotencyKey } : {}),
      assignment,
    });
  }

  /** TKT-6: customers (and staff) escalate any open ticket. */
  @Post(':ticketId/escalations')
  @HttpCode(200)
  @ApiResponse('The flagged ticket', TicketView)
  escalate(
    @Req() http: AuthenticatedRequest,
    @UuidParam('ticketId') ticketId: string,
    @ValidBody(Escalation) escalation: { reason: string },
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<TicketView> {
    return this.rpc.call(TicketingQueries.escalateTicket, callerOf(http), {
      ticketId: ticketId,
      ...(idempotencyKey ? { idempotencyKey } : {}),
      escalation,
    });
  }

  /** TKT-7: who changed what, when, from → to. */
  @Get(':ticketId/history')
  @ApiResponse('Every change, oldest first', HistoryList)
  history(@Req() http: AuthenticatedRequest, @UuidParam('ticketId') ticketId: string): Promise<{ items: TicketHistoryEntry[] }> {
    return this.rpc
      .call(TicketingQueries.ticketHistory, callerOf(http), { ticketId: ticketId })
      .then((items) => ({ items }));
  }
}
