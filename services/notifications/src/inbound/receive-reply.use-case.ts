import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TicketReplyReceived } from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { queryRows } from '@vigil/platform-persistence';
import { OutboxWriter, UnitOfWork } from '@vigil/platform-runtime';

export interface InboundReply {
  messageId: string;
  ticketId: string;
  fromAddress: string;
  body: string;
}

/**
 * Stores a reply once per Message-ID and hands it to ticketing as an event,
 * in one transaction; the SMTP answer (250) follows the commit, so a sender
 * that retries after a crash loses nothing and duplicates nothing.
 */
@Injectable()
export class ReceiveReplyUseCase {
  constructor(private readonly unitOfWork: UnitOfWork, private readonly outbox: OutboxWriter, private readonly audit: AuditLog) {}

  async execute(reply: InboundReply): Promise<'stored' | 'duplicate'> {
    return this.unitOfWork.run(async (manager) => {
      const id = randomUUID();
      const stored = await queryRows<{ received_at: Date }>(
        manager,
        `INSERT INTO notifications.inbound_replies (id, message_id, ticket_id, from_address, body) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (message_id) DO NOTHING RETURNING received_at`,
        [id, reply.messageId, reply.ticketId, reply.fromAddress, reply.body],
      );
      if (stored.length === 0) return 'duplicate';
      await this.audit.append(manager, {
        actor: `email:${reply.fromAddress}`,
        action: 'ticket-reply.received',
        target: `ticket:${reply.ticketId}`,
        after: { replyId: id, messageId: reply.messageId },
      });
      await this.outbox.append(manager, TicketReplyReceived, {
        replyId: id,
        ticketId: reply.ticketId,
        fromAddress: reply.fromAddress,
        body: reply.body,
        receivedAt: new Date(stored[0]!.received_at).toISOString(),
      });
      return 'stored';
    });
  }
}
