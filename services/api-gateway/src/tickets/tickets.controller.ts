import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { GetTicketRequest, ListTicketsRequest, TicketingQueries, violations, type TicketView } from '@vigil/contracts';
import { ProblemException } from '@vigil/platform-runtime';
import { StaffOrOwnCustomer } from '@vigil/platform-auth';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { RpcClient } from '../rpc-client';

const invalid = (errors: string[]) =>
  new ProblemException(400, 'https://vigil.dev/problems/invalid-request', 'invalid request', errors.join('; '), { errors });

/**
 * A customer user's requests are pinned to their own customer, whatever they
 * ask for; ticketing checks the tenant again on every query (ACC-6), so another
 * customer's ticket is simply not found.
 */
const ownCustomer = (http: AuthenticatedRequest) => (http.principal.kind === 'customer' ? { customerId: http.principal.customerId } : {});

/** Tickets for staff, and for customer users their own customer's tickets. */
@Controller('v1/tickets')
@StaffOrOwnCustomer('ANY')
export class TicketsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  async list(@Req() http: AuthenticatedRequest, @Query() query: Record<string, string>): Promise<{ items: TicketView[] }> {
    const request: Record<string, unknown> = { ...query, ...ownCustomer(http) };
    if (query['limit'] !== undefined) request['limit'] = /^\d+$/.test(query['limit']) ? Number(query['limit']) : query['limit'];
    const problems = violations(ListTicketsRequest, request);
    if (problems.length > 0) throw invalid(problems);
    return { items: await this.rpc.call<TicketView[]>(TicketingQueries.listTickets, request) };
  }

  @Get(':ticketId')
  async get(@Req() http: AuthenticatedRequest, @Param('ticketId') ticketId: string): Promise<TicketView> {
    const request = { ticketId, ...ownCustomer(http) };
    const problems = violations(GetTicketRequest, request);
    if (problems.length > 0) throw invalid(problems);
    return this.rpc.call<TicketView>(TicketingQueries.getTicket, request);
  }
}
