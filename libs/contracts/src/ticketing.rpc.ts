import { Type } from '@sinclair/typebox';
import { defineCommand, defineQuery, RpcErrorCode, type WithCaller } from './rpc';
import { CustomerView } from './customers.model';
import {
  AssignTicketRequest,
  Availability,
  AvailabilityRequest,
  CommentOnTicketRequest,
  CreateTicketRequest,
  EscalateTicketRequest,
  GetTicketRequest,
  ListOutagesRequest,
  ListTicketsRequest,
  OutagePage,
  ReopenTicketRequest,
  TicketComment,
  TicketHistoryEntry,
  TicketPage,
  TicketScopedRequest,
  TicketView,
  TransitionTicketRequest,
  WorkQueueRequest,
} from './ticketing.queries';

/** What ticketing answers with when a request cannot be done. */
export const TicketingError = {
  NotFound: RpcErrorCode.NotFound,
  /** The ticket's state does not allow it (e.g. a transition TKT-1 forbids). */
  Conflict: RpcErrorCode.Conflict,
  /** Well-formed but not acceptable (an Idempotency-Key reused for another request, a month not begun). */
  Unprocessable: RpcErrorCode.Unprocessable,
  InvalidRequest: RpcErrorCode.InvalidRequest,
} as const;
export type TicketingError = (typeof TicketingError)[keyof typeof TicketingError];

const E = TicketingError;
const staffAndCustomers = ['staff', 'customer'] as const;
const staffOnly = ['staff'] as const;

/** Request/reply operations of ticketing: callers retry on timeout, so commands carry an idempotency key. */
export const TicketingQueries = {
  getTicket: defineQuery({ subject: 'rpc.ticketing.tickets.get', request: GetTicketRequest, response: TicketView, errors: [E.NotFound], callers: staffAndCustomers }),
  listTickets: defineQuery({ subject: 'rpc.ticketing.tickets.list', request: ListTicketsRequest, response: TicketPage, callers: staffAndCustomers }),
  workQueue: defineQuery({ subject: 'rpc.ticketing.tickets.work-queue', request: WorkQueueRequest, response: TicketPage, callers: staffOnly }),
  ticketHistory: defineQuery({ subject: 'rpc.ticketing.tickets.history', request: TicketScopedRequest, response: Type.Array(TicketHistoryEntry), errors: [E.NotFound], callers: staffAndCustomers }),
  ticketComments: defineQuery({ subject: 'rpc.ticketing.tickets.comments', request: TicketScopedRequest, response: Type.Array(TicketComment), errors: [E.NotFound], callers: staffAndCustomers }),
  createTicket: defineCommand({ subject: 'rpc.ticketing.tickets.create', request: CreateTicketRequest, response: TicketView, errors: [E.NotFound, E.InvalidRequest, E.Unprocessable], callers: staffAndCustomers }),
  transitionTicket: defineCommand({ subject: 'rpc.ticketing.tickets.transition', request: TransitionTicketRequest, response: TicketView, errors: [E.NotFound, E.Conflict, E.Unprocessable], callers: staffOnly }),
  commentOnTicket: defineCommand({ subject: 'rpc.ticketing.tickets.comment', request: CommentOnTicketRequest, response: TicketComment, errors: [E.NotFound, E.InvalidRequest, E.Unprocessable], callers: staffAndCustomers }),
  reopenTicket: defineCommand({ subject: 'rpc.ticketing.tickets.reopen', request: ReopenTicketRequest, response: TicketView, errors: [E.NotFound, E.Conflict, E.Unprocessable], callers: staffAndCustomers }),
  escalateTicket: defineCommand({ subject: 'rpc.ticketing.tickets.escalate', request: EscalateTicketRequest, response: TicketView, errors: [E.NotFound, E.Conflict, E.Unprocessable], callers: staffAndCustomers }),
  assignTicket: defineCommand({ subject: 'rpc.ticketing.tickets.assign', request: AssignTicketRequest, response: TicketView, errors: [E.NotFound, E.Conflict, E.Unprocessable], callers: staffOnly }),
  listOutages: defineQuery({ subject: 'rpc.ticketing.outages.list', request: ListOutagesRequest, response: OutagePage, callers: staffOnly }),
  availability: defineQuery({ subject: 'rpc.ticketing.environments.availability', request: AvailabilityRequest, response: Availability, errors: [E.NotFound, E.Unprocessable], callers: staffAndCustomers }),
} as const;

export const ApplyCustomerRequest = Type.Object({ customer: CustomerView }, { additionalProperties: false });
export type ApplyCustomerRequest = WithCaller<{ customer: CustomerView }>;
export const CustomerApplied = Type.Object({
  /** Open tickets whose response due time moved; null when the record is older than what ticketing already has. */
  ticketsRescheduled: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
});
export type CustomerApplied = { ticketsRescheduled: number | null };

/**
 * Ticketing's customer directory, as the customers service updates it when a
 * change must be answered with its effect (TKT-2: how many open tickets'
 * due times moved). The same change also arrives as an event; applying a
 * revision twice reports the first application's count.
 */
export const TicketingDirectoryCommands = {
  applyCustomer: defineCommand({ subject: 'rpc.ticketing.directory.apply-customer', request: ApplyCustomerRequest, response: CustomerApplied, callers: ['system'] }),
} as const;
