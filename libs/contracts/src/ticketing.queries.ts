import { Type, type Static } from '@sinclair/typebox';
import type { WithCaller } from './rpc';
import { Severity, TicketType } from './ticketing.events';


const Uuid = Type.String({ format: 'uuid' });

export const TICKET_STATUSES = [
  'SUBMITTED',
  'IN_PROGRESS',
  'WAITING_FOR_CUSTOMER',
  'WAITING_FOR_THIRD_PARTY',
  'OPERATION_SCHEDULED',
  'CHANGE_REQUESTED',
  'RESOLVED',
  'CLOSED',
] as const;
export const TicketStatus = Type.Union(TICKET_STATUSES.map((s) => Type.Literal(s)));
export type TicketStatus = Static<typeof TicketStatus>;

export const RESOLUTIONS = ['DONE', 'CONSULTING', 'AUTO_CLOSED', 'DUPLICATE', 'WONT_DO'] as const;
export const Resolution = Type.Union(RESOLUTIONS.map((r) => Type.Literal(r)));
export type Resolution = Static<typeof Resolution>;


/** An `Idempotency-Key` header value: a retried command returns the first answer. */
const IdempotencyKey = Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' });

export const GetTicketRequest = Type.Object({ ticketId: Uuid }, { additionalProperties: false });
export type GetTicketRequest = WithCaller<Static<typeof GetTicketRequest>>;

export const ListTicketsRequest = Type.Object(
  {
    type: Type.Optional(TicketType),
    status: Type.Optional(TicketStatus),
    severity: Type.Optional(Severity),
    customerId: Type.Optional(Uuid),
    assigneeId: Type.Optional(Uuid),
    breached: Type.Optional(Type.Boolean()),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type ListTicketsRequest = WithCaller<Static<typeof ListTicketsRequest>>;

export const WorkQueueRequest = Type.Object(
  { cursor: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  { additionalProperties: false },
);
export type WorkQueueRequest = WithCaller<Static<typeof WorkQueueRequest>>;

export const NewTicket = Type.Object(
  {
    /** Staff say for which customer; a customer user's ticket is always its own customer's. */
    customerId: Type.Optional(Uuid),
    environmentId: Type.Optional(Uuid),
    severity: Severity,
    title: Type.String({ minLength: 3, maxLength: 200 }),
    description: Type.String({ minLength: 1, maxLength: 20_000 }),
    /** Staff filing for a customer: whom the emails go to (default: the customer's contact). */
    reporterEmail: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  },
  { additionalProperties: false, examples: [{ severity: 'S3', title: 'Jira is slow since the upgrade', description: 'Board loading takes 30 s.' }] },
);
export type NewTicket = Static<typeof NewTicket>;

export const CreateTicketRequest = Type.Object({ idempotencyKey: Type.Optional(IdempotencyKey), ticket: NewTicket }, { additionalProperties: false });
export type CreateTicketRequest = WithCaller<Static<typeof CreateTicketRequest>>;

export const TicketTransition = Type.Object(
  {
    to: TicketStatus,
    comment: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000 })),
    resolution: Type.Optional(Resolution),
  },
  { additionalProperties: false, examples: [{ to: 'IN_PROGRESS' }] },
);
export type TicketTransition = Static<typeof TicketTransition>;

export const TransitionTicketRequest = Type.Object(
  { idempotencyKey: Type.Optional(IdempotencyKey), ticketId: Uuid, transition: TicketTransition },
  { additionalProperties: false },
);
export type TransitionTicketRequest = WithCaller<Static<typeof TransitionTicketRequest>>;

export const NewComment = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
    /** INTERNAL comments are for staff only; customers always write PUBLIC ones. */
    visibility: Type.Optional(Type.Union([Type.Literal('PUBLIC'), Type.Literal('INTERNAL')])),
  },
  { additionalProperties: false, examples: [{ body: 'The board loads fine again, thank you.' }] },
);
export type NewComment = Static<typeof NewComment>;

export const CommentOnTicketRequest = Type.Object(
  { idempotencyKey: Type.Optional(IdempotencyKey), ticketId: Uuid, comment: NewComment },
  { additionalProperties: false },
);
export type CommentOnTicketRequest = WithCaller<Static<typeof CommentOnTicketRequest>>;

export const Reopening = Type.Object(
  { comment: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000 })) },
  { additionalProperties: false, examples: [{ comment: 'The problem is back.' }] },
);
export const ReopenTicketRequest = Type.Object(
  { idempotencyKey: Type.Optional(IdempotencyKey), ticketId: Uuid, reopening: Reopening },
  { additionalProperties: false },
);
export type ReopenTicketRequest = WithCaller<Static<typeof ReopenTicketRequest>>;

export const Escalation = Type.Object(
  { reason: Type.String({ minLength: 3, maxLength: 5_000 }) },
  { additionalProperties: false, examples: [{ reason: 'Production is blocked and nobody has answered for two hours.' }] },
);
export const EscalateTicketRequest = Type.Object(
  { idempotencyKey: Type.Optional(IdempotencyKey), ticketId: Uuid, escalation: Escalation },
  { additionalProperties: false },
);
export type EscalateTicketRequest = WithCaller<Static<typeof EscalateTicketRequest>>;

export const Assignment = Type.Object(
  { assigneeId: Type.Union([Uuid, Type.Null()]) },
  { additionalProperties: false, examples: [{ assigneeId: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f' }] },
);
export const AssignTicketRequest = Type.Object(
  { idempotencyKey: Type.Optional(IdempotencyKey), ticketId: Uuid, assignment: Assignment },
  { additionalProperties: false },
);
export type AssignTicketRequest = WithCaller<Static<typeof AssignTicketRequest>>;

export const TicketScopedRequest = Type.Object({ ticketId: Uuid }, { additionalProperties: false });
export type TicketScopedRequest = WithCaller<Static<typeof TicketScopedRequest>>;

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** TKT-2 as shown on a ticket; elapsed/remaining are exact on a single ticket, lists show the stored projection. */
export const SlaView = Type.Object({
  state: Type.Union([Type.Literal('RUNNING'), Type.Literal('PAUSED'), Type.Literal('STOPPED')]),
  targetMinutes: Type.Integer(),
  dueAt: NullableString,
  breached: Type.Boolean(),
  elapsedMinutes: Type.Optional(Type.Number()),
  remainingMinutes: Type.Optional(Type.Number()),
  breachedAt: Type.Optional(NullableString),
});
export type SlaView = Static<typeof SlaView>;

export const TicketView = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  customerId: Type.String(),
  environmentId: NullableString,
  type: TicketType,
  severity: Severity,
  status: TicketStatus,
  resolution: Type.Union([Resolution, Type.Null()]),
  title: Type.String(),
  description: Type.String(),
  assigneeId: NullableString,
  escalated: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  recoveredAt: NullableString,
  recoveryMinutes: Type.Union([Type.Number(), Type.Null()]),
  sla: Type.Union([SlaView, Type.Null()]),
});
export type TicketView = Static<typeof TicketView>;

export const TicketPage = Type.Object({
  items: Type.Array(TicketView),
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: NullableString,
});
export type TicketPage = Static<typeof TicketPage>;

/** TKT-7: one change (who, when, from → to). */
export const TicketHistoryEntry = Type.Object({
  at: Type.String({ format: 'date-time' }),
  actor: Type.String({ description: '`staff:<id>`, `customer:<id>`, `email:<address>` or `system:<process>`' }),
  action: Type.String(),
  field: NullableString,
  from: NullableString,
  to: NullableString,
});
export type TicketHistoryEntry = Static<typeof TicketHistoryEntry>;

export const TicketComment = Type.Object({
  id: Type.String({ format: 'uuid' }),
  author: Type.String(),
  authorKind: Type.Union([Type.Literal('staff'), Type.Literal('customer'), Type.Literal('system')]),
  visibility: Type.Union([Type.Literal('PUBLIC'), Type.Literal('INTERNAL')]),
  body: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type TicketComment = Static<typeof TicketComment>;


export const OutageState = Type.Union([Type.Literal('OPEN'), Type.Literal('RESTORED'), Type.Literal('CLOSED')]);

export const ListOutagesRequest = Type.Object(
  {
    state: Type.Optional(OutageState),
    customerId: Type.Optional(Uuid),
    environmentId: Type.Optional(Uuid),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type ListOutagesRequest = WithCaller<Static<typeof ListOutagesRequest>>;

/** MON-2/MON-3: one outage of an environment, from the first alert's start to restoration (or staff closing it). */
export const OutageView = Type.Object({
  id: Uuid,
  state: OutageState,
  customerId: Uuid,
  environmentId: Uuid,
  environmentName: Type.String(),
  ticketId: Uuid,
  ticketNumber: Type.Integer(),
  startedAt: Type.String({ format: 'date-time' }),
  acknowledgedAt: NullableString,
  restoredAt: NullableString,
  closedAt: NullableString,
  recoveryMinutes: Type.Union([Type.Number(), Type.Null()]),
  recoveryTargetBreached: Type.Boolean(),
  alerts: Type.Integer({ description: 'Distinct alerts attached to the outage' }),
});
export type OutageView = Static<typeof OutageView>;

export const OutagePage = Type.Object({ items: Type.Array(OutageView), nextCursor: NullableString });
export type OutagePage = Static<typeof OutagePage>;

export const AvailabilityRequest = Type.Object(
  {
    environmentId: Uuid,
    month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM, in the customer\'s time zone' }),
  },
  { additionalProperties: false },
);
export type AvailabilityRequest = WithCaller<Static<typeof AvailabilityRequest>>;

/** MON-4: a month's availability of one environment against the contracted uptime. */
export const Availability = Type.Object({
  environmentId: Uuid,
  environmentName: Type.String(),
  customerId: Uuid,
  month: Type.String(),
  timeZone: Type.String(),
  periodStart: Type.String({ format: 'date-time' }),
  /** The month's end, or now while the month is running. */
  periodEnd: Type.String({ format: 'date-time' }),
  complete: Type.Boolean({ description: 'false while the month is still running' }),
  periodMinutes: Type.Number(),
  outageMinutes: Type.Number(),
  availabilityPercent: Type.Number(),
  targetPercent: Type.Number(),
  met: Type.Boolean(),
  outages: Type.Array(
    Type.Object({ outageId: Uuid, ticketId: Uuid, startedAt: Type.String({ format: 'date-time' }), endedAt: NullableString, minutesInPeriod: Type.Number() }),
  ),
});
export type Availability = Static<typeof Availability>;
