import { TicketingError, type CommentOnTicketRequest, type TicketComment } from '@vigil/contracts';
import { Injectable } from '@nestjs/common';
import { UnitOfWork, TransactionClock } from '@vigil/platform-runtime';
import { TicketingException } from '../../../ticketing.exception';
import { IdempotencyStore } from '../../idempotency-store';

import { CUSTOMER_REPLY_REOPENS } from '../../ticket-status';
import { actorOf, TicketStatusChanger } from '../../ticket-status-changer';


/** Comments: staff write public or internal ones, customers public ones (TKT-4, TKT-7). */
@Injectable()
export class CommentOnTicketUseCase {
  constructor(private readonly unitOfWork: UnitOfWork, private readonly idempotency: IdempotencyStore, private readonly changer: TicketStatusChanger, private readonly time: TransactionClock) {}

  execute(request: CommentOnTicketRequest): Promise<TicketComment> {
    const { caller, comment } = request;
    return this.unitOfWork.run((manager) =>
      this.idempotency.once(manager, `${actorOf(caller)}:comment:${request.ticketId}`, request.idempotencyKey, comment, async () => {
        const ticket = await this.changer.loadForUpdate(manager, request.ticketId, caller);
        const visibility = comment.visibility ?? 'PUBLIC';
        if (caller.kind === 'customer' && visibility === 'INTERNAL') throw new TicketingException(TicketingError.InvalidRequest, 'visibility: customers write PUBLIC comments');
        const actor = actorOf(caller);
        const added = await this.changer.comment(manager, ticket, { author: actor, authorKind: caller.kind, visibility, body: comment.body });
        if (caller.kind === 'customer' && CUSTOMER_REPLY_REOPENS.includes(ticket.status)) {
          await this.changer.apply(manager, ticket, { to: 'IN_PROGRESS', by: 'customer', actor, action: 'customer replied' }, this.time.nowMs(manager));
        }
        return added;
      }),
    );
  }
}
