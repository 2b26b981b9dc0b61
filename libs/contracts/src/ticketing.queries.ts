import { Type, type Static } from '@sinclair/typebox';
import { Severity, TicketType } from './ticketing.events';

/** Request/reply subjects: callers retry on timeout, so handlers are read-only or idempotent. */
export const TicketingQueries = {
  getTicket: 'rpc.ticketing.tickets.get',
  listTickets: 'rpc.ticketing.tickets.list',
} as const;

export const GetTicketRequest = Type.Object(
  { ticketId: Type.String({ format: 'uuid' }), customerId: Type.Optional(Type.String({ format: 'uuid' })) },
  { additionalProperties: false },
);
export type GetTicketRequest = Static<typeof GetTicketRequest>;

export const ListTicketsRequest = Type.Object(
  {
    type: Type.Optional(TicketType),
    customerId: Type.Optional(Type.String({ format: 'uuid' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type ListTicketsRequest = Static<typeof ListTicketsRequest>;

export const TicketView = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  customerId: Type.String(),
  environmentId: Type.Union([Type.String(), Type.Null()]),
  type: TicketType,
  severity: Severity,
  status: Type.String(),
  title: Type.String(),
  createdAt: Type.String(),
  recoveredAt: Type.Union([Type.String(), Type.Null()]),
  recoveryMinutes: Type.Union([Type.Number(), Type.Null()]),
});
export type TicketView = Static<typeof TicketView>;

/** Replies are `{ ok: true, data }` or `{ ok: false, error: { code, message } }`. */
export type RpcReply<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
