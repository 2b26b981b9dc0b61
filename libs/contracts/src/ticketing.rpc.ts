import { Type } from '@sinclair/typebox';
import { defineCommand, defineQuery, RpcErrorCode } from './rpc';
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
