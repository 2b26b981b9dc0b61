import { Controller, Get, Param, Query } from '@nestjs/common';
import { GetTicketRequest, ListTicketsRequest, TicketingQueries, violations, type TicketView } from '@vigil/contracts';
import { ProblemException } from '@vigil/platform-runtime';
import { StaffOnly } from '@vigil/platform-auth';
import { RpcClient } from '../rpc-client';

const invalid = (errors: string[]) =>
  new ProblemException(400, 'https://vigil.dev/problems/invalid-request', 'invalid request', errors.join('; '), { errors });

/** Staff read access to tickets (the first gateway routes; customer access follows with identity). */
@Controller('v1/tickets')
@StaffOnly('ANY')
export class TicketsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  async list(@Query() query: Record<string, string>): Promise<{ items: TicketView[] }> {
    const request: Record<string, unknown> = { ...query };
    if (query['limit'] !== undefined) request['limit'] = /^\d+$/.test(query['limit']) ? Number(query['limit']) : query['limit'];
    const problems = violations(ListTicketsRequest, request);
    if (problems.length > 0) throw invalid(problems);
    return { items: await this.rpc.call<TicketView[]>(TicketingQueries.listTickets, request) };
  }

  @Get(':ticketId')
  async get(@Param('ticketId') ticketId: string): Promise<TicketView> {
    const request = { ticketId };
    const problems = violations(GetTicketRequest, request);
    if (problems.length > 0) throw invalid(problems);
    return this.rpc.call<TicketView>(TicketingQueries.getTicket, request);
  }
}
