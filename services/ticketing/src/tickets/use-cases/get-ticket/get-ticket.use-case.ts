import { TransactionClock } from '@vigil/platform-runtime';
import { TicketingError, type GetTicketRequest, type TicketView } from '@vigil/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TicketingException } from '../../../ticketing.exception';
import { ResponseClocks } from '../../response-clocks';
import { TicketRepository } from '../../ticket.repository';
import { tenantOf } from '../../ticket-status-changer';

const minutes = (ms: number) => Math.round(ms / 600) / 100;

/** One ticket with its response clock computed exactly from history, now (TKT-2). */
@Injectable()
export class GetTicketUseCase {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource, private readonly tickets: TicketRepository, private readonly clocks: ResponseClocks, private readonly time: TransactionClock) {}

  async execute(query: GetTicketRequest): Promise<TicketView> {
    const manager = this.dataSource.manager;
    const ticket = await this.tickets.findById(manager, query.ticketId, tenantOf(query.caller));
    if (!ticket) throw new TicketingException(TicketingError.NotFound, `ticket ${query.ticketId} not found`);
    if (!ticket.sla) return ticket;
    const clock = await this.clocks.evaluate(manager, { id: ticket.id, customerId: ticket.customerId, slaTargetMinutes: ticket.sla.targetMinutes }, this.time.nowMs(manager));
    if (!clock) return ticket;
    return {
      ...ticket,
      sla: {
        state: clock.state,
        targetMinutes: ticket.sla.targetMinutes,
        dueAt: clock.dueAtMs === null ? null : new Date(clock.dueAtMs).toISOString(),
        breached: clock.breached,
        breachedAt: clock.breachedAtMs === null ? null : new Date(clock.breachedAtMs).toISOString(),
        elapsedMinutes: minutes(clock.elapsedMs),
        remainingMinutes: minutes(clock.remainingMs),
      },
    };
  }
}
