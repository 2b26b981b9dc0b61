import { TransactionClock } from '@vigil/platform-runtime';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TicketReplyReceivedData } from '@vigil/contracts';

import { CUSTOMER_REPLY_REOPENS } from '../../ticket-status';
import { TicketStatusChanger } from '../../ticket-status-changer';
import { TicketRepository } from '../../ticket.repository';

/** TKT-4: a reply to a notification email becomes a public comment; like any customer reply it brings the ticket back to work. */
@Injectable()
export class RecordEmailReplyUseCase {
  private readonly log = new Logger(RecordEmailReplyUseCase.name);

  constructor(private readonly tickets: TicketRepository, private readonly changer: TicketStatusChanger, private readonly time: TransactionClock) {}

  async execute(reply: TicketReplyReceivedData, manager: EntityManager): Promise<void> {
    // Unscoped by customer: the signed reply address already names the ticket.
    const ticket = await this.tickets.lockForUpdate(manager, reply.ticketId, undefined);
    if (!ticket) {
      this.log.warn(`reply ${reply.replyId} names unknown ticket ${reply.ticketId}; dropped`);
      return;
    }
    const actor = `email:${reply.fromAddress}`;
    await this.changer.comment(manager, ticket, { author: actor, authorKind: 'customer', visibility: 'PUBLIC', body: reply.body });
    if (CUSTOMER_REPLY_REOPENS.includes(ticket.status)) {
      await this.changer.apply(manager, ticket, { to: 'IN_PROGRESS', by: 'customer', actor, action: 'customer replied by email' }, this.time.nowMs(manager));
    }
  }
}
