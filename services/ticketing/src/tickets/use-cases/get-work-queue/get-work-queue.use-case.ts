import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TicketPage, WorkQueueRequest } from '@vigil/contracts';
import { TicketRepository } from '../../ticket.repository';

/** TKT-3: the staff work queue across all customers (staff only; the gateway keeps customers out). */
@Injectable()
export class GetWorkQueueUseCase {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource, private readonly tickets: TicketRepository) {}

  execute(query: WorkQueueRequest): Promise<TicketPage> {
    return this.tickets.workQueue(this.dataSource.manager, query.cursor, query.limit ?? 50);
  }
}
