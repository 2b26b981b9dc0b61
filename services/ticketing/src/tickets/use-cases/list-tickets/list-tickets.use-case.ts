import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ListTicketsRequest, TicketView } from '@vigil/contracts';
import { TicketRepository } from '../../ticket.repository';

@Injectable()
export class ListTicketsUseCase {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource, private readonly tickets: TicketRepository) {}

  execute(query: ListTicketsRequest): Promise<TicketView[]> {
    return this.tickets.list(this.dataSource.manager, query);
  }
}
