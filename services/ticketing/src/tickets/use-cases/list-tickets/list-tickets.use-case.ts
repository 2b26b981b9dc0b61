import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ListTicketsRequest, TicketPage } from '@vigil/contracts';
import { TicketRepository } from '../../ticket.repository';

/** List and search with filters, newest first, cursor-paginated. */
@Injectable()
export class ListTicketsUseCase {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource, private readonly tickets: TicketRepository) {}

  execute(query: ListTicketsRequest): Promise<TicketPage> {
    return this.tickets.list(this.dataSource.manager, query);
  }
}
