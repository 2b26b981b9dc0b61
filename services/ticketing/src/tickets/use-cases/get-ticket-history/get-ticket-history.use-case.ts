import { TicketingError, type TicketComment, type TicketHistoryEntry, type TicketScopedRequest } from '@vigil/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TicketingException } from '../../../ticketing.exception';
import { tenantOf } from '../../ticket-status-changer';
import { TicketRepository } from '../../ticket.repository';

/** TKT-7 history and the comments of a ticket; customers see neither internal comments nor their traces. */
@Injectable()
export class GetTicketHistoryUseCase {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource, private readonly tickets: TicketRepository) {}

  async history(query: TicketScopedRequest): Promise<TicketHistoryEntry[]> {
    await this.ensureVisible(query);
    return this.tickets.history(this.dataSource.manager, query.ticketId, query.caller.kind === 'staff');
  }

  async comments(query: TicketScopedRequest): Promise<TicketComment[]> {
    await this.ensureVisible(query);
    return this.tickets.comments(this.dataSource.manager, query.ticketId, query.caller.kind === 'staff');
  }

  private async ensureVisible(query: TicketScopedRequest): Promise<void> {
    if (!(await this.tickets.findById(this.dataSource.manager, query.ticketId, tenantOf(query.caller)))) {
      throw new TicketingException(TicketingError.NotFound, `ticket ${query.ticketId} not found`);
    }
  }
}
