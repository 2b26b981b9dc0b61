import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from './envelope';
import { NOTIFICATIONS_STREAM } from './streams';

/** TKT-4: a reply to a ticket's notification email, its quoted history stripped; it becomes a comment. */
const TicketReplyReceivedData = Type.Object(
  {
    replyId: Type.String({ format: 'uuid' }),
    ticketId: Type.String({ format: 'uuid' }),
    fromAddress: Type.String({ minLength: 3, maxLength: 254 }),
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
    receivedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export const TicketReplyReceived = defineEvent(NOTIFICATIONS_STREAM, 'notifications.ticket-reply.received', 1, TicketReplyReceivedData);
export type TicketReplyReceivedData = Static<typeof TicketReplyReceivedData>;
