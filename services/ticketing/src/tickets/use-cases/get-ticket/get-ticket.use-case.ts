import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { GetTicketRequest, TicketView } from '@vigil/contracts';
import { RpcError } from '@vigil/platform-messaging';
import { TicketRepository } from '../../ticket.repository';

@Injectable()
export class GetTicketUseCase {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource, private readonly tickets: TicketRepository) {}

  async execute(query: GetTicketRequest): Promise<TicketView> {
    const ticket = await this.tickets.findById(this.dataSource.manager, query.ticketId, query.customerId);
    if (!ticket) throw new RpcError('NOT_FOUND', `ticket ${query.ticketId} not found`);
    return ticket;
  }
}
