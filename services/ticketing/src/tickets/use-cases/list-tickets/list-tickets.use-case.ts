import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ListTicketsRequest, TicketPage } from '@vigil/contracts';
import { tenantOf } from '../../ticket-status-changer';
import { TicketRepository } from '../../ticket.repository';

/** List and search with filters, newest first, cursor-paginated. */
@Injectable()
export class ListTicketsUseCase {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource, private readonly tickets: TicketRepository) {}

  execute(query: ListTicketsRequest): Promise<TicketPage> {
    // ACC-6: a customer user lists its own customer's tickets, whatever customer filter it sent.
    const tenant = tenantOf(query.caller);
    return this.tickets.list(this.dataSource.manager, tenant ? { ...query, customerId: tenant } : query);
  }
}
