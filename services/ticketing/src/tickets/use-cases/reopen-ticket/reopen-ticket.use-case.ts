import { TicketingError, type ReopenTicketRequest, type TicketView } from '@vigil/contracts';
import { Injectable } from '@nestjs/common';
import { UnitOfWork, TransactionClock } from '@vigil/platform-runtime';
import { TicketingException } from '../../../ticketing.exception';
import { IdempotencyStore } from '../../idempotency-store';
import { actorOf, TicketStatusChanger, tenantOf } from '../../ticket-status-changer';
import { TicketRepository } from '../../ticket.repository';

const REOPENABLE = ['WAITING_FOR_CUSTOMER', 'RESOLVED', 'CLOSED'];

/** TKT-1: a waiting, resolved or closed ticket goes back to IN_PROGRESS; its response clock does not restart (TKT-2). */
@Injectable()
export class ReopenTicketUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly idempotency: IdempotencyStore,
    private readonly changer: TicketStatusChanger,
    private readonly tickets: TicketRepository,
    private readonly time: TransactionClock,
  ) {}

  execute(request: ReopenTicketRequest): Promise<TicketView> {
    const { caller, reopening } = request;
    return this.unitOfWork.run((manager) =>
      this.idempotency.once(manager, `${actorOf(caller)}:reopen:${request.ticketId}`, request.idempotencyKey, reopening, async () => {
        const ticket = await this.changer.loadForUpdate(manager, request.ticketId, caller);
        if (!REOPENABLE.includes(ticket.status)) {
          throw new TicketingException(TicketingError.Conflict, `a ticket in ${ticket.status} is open; only ${REOPENABLE.join(', ')} can be reopened`, { allowedTransitions: [] });
        }
        const actor = actorOf(caller);
        await this.changer.apply(manager, ticket, { to: 'IN_PROGRESS', by: caller.kind, actor, action: 'reopened' }, this.time.nowMs(manager));
        if (reopening.comment) {
          await this.changer.comment(manager, ticket, { author: actor, authorKind: caller.kind, visibility: 'PUBLIC', body: reopening.comment });
        }
        return (await this.tickets.findById(manager, ticket.id, tenantOf(caller))) as TicketView;
      }),
    );
  }
}
