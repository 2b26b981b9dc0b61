import { Injectable } from '@nestjs/common';
import type { TicketView, TransitionTicketRequest } from '@vigil/contracts';
import { UnitOfWork, TransactionClock } from '@vigil/platform-runtime';
import { IdempotencyStore } from '../../idempotency-store';
import { actorOf, TicketStatusChanger, tenantOf } from '../../ticket-status-changer';
import { TicketRepository } from '../../ticket.repository';

/** TKT-1: staff move a ticket; an illegal move answers 409 with the allowed ones and changes nothing. */
@Injectable()
export class TransitionTicketUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly idempotency: IdempotencyStore,
    private readonly changer: TicketStatusChanger,
    private readonly tickets: TicketRepository,
    private readonly time: TransactionClock,
  ) {}

  execute(request: TransitionTicketRequest): Promise<TicketView> {
    const { caller, transition } = request;
    return this.unitOfWork.run((manager) =>
      this.idempotency.once(manager, `${actorOf(caller)}:transition:${request.ticketId}`, request.idempotencyKey, transition, async () => {
        const ticket = await this.changer.loadForUpdate(manager, request.ticketId, caller);
        await this.changer.apply(manager, ticket, { ...transition, by: caller.kind, actor: actorOf(caller) }, this.time.nowMs(manager));
        return (await this.tickets.findById(manager, ticket.id, tenantOf(caller))) as TicketView;
      }),
    );
  }
}
