import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from './envelope';
import { TICKETING_STREAM } from './streams';

export const Severity = Type.Union([Type.Literal('S1'), Type.Literal('S2'), Type.Literal('S3'), Type.Literal('S4')]);
export const TicketType = Type.Union([Type.Literal('SUPPORT'), Type.Literal('OUTAGE'), Type.Literal('SECURITY_INCIDENT')]);

const TicketCreatedData = Type.Object(
  {
    ticketId: Type.String({ format: 'uuid' }),
    ticketNumber: Type.Integer(),
    customerId: Type.String({ format: 'uuid' }),
    customerName: Type.String(),
    type: TicketType,
    severity: Severity,
    title: Type.String(),
    reporterEmail: Type.String({ format: 'email' }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export const TicketCreated = defineEvent(TICKETING_STREAM, 'ticketing.ticket.created', 1, TicketCreatedData);
export type TicketCreatedData = Static<typeof TicketCreatedData>;

const OutageOpenedData = Type.Object(
  {
    outageId: Type.String({ format: 'uuid' }),
    ticketId: Type.String({ format: 'uuid' }),
    ticketNumber: Type.Integer(),
    customerId: Type.String({ format: 'uuid' }),
    environmentId: Type.String({ format: 'uuid' }),
    environmentName: Type.String(),
    startedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export const OutageOpened = defineEvent(TICKETING_STREAM, 'ticketing.outage.opened', 1, OutageOpenedData);
export type OutageOpenedData = Static<typeof OutageOpenedData>;

const OutageRestoredData = Type.Object(
  {
    outageId: Type.String({ format: 'uuid' }),
    ticketId: Type.String({ format: 'uuid' }),
    restoredAt: Type.String({ format: 'date-time' }),
    recoveryMinutes: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export const OutageRestored = defineEvent(TICKETING_STREAM, 'ticketing.outage.restored', 1, OutageRestoredData);
export type OutageRestoredData = Static<typeof OutageRestoredData>;

const TicketRef = {
  ticketId: Type.String({ format: 'uuid' }),
  ticketNumber: Type.Integer(),
  customerId: Type.String({ format: 'uuid' }),
  title: Type.String(),
  reporterEmail: Type.String(),
};

/** TKT-1/TKT-4: every status change, with who made it (notifications and the ticket's timers react to it). */
const TicketStatusChangedData = Type.Object(
  {
    ...TicketRef,
    from: Type.String(),
    to: Type.String(),
    resolution: Type.Union([Type.String(), Type.Null()]),
    comment: Type.Union([Type.String(), Type.Null()]),
    actorKind: Type.Union([Type.Literal('staff'), Type.Literal('customer'), Type.Literal('system')]),
    changedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export const TicketStatusChanged = defineEvent(TICKETING_STREAM, 'ticketing.ticket.status-changed', 1, TicketStatusChangedData);
export type TicketStatusChangedData = Static<typeof TicketStatusChangedData>;

/** TKT-4: a comment; INTERNAL ones never reach the customer. */
const TicketCommentedData = Type.Object(
  {
    ...TicketRef,
    commentId: Type.String({ format: 'uuid' }),
    authorKind: Type.Union([Type.Literal('staff'), Type.Literal('customer'), Type.Literal('system')]),
    visibility: Type.Union([Type.Literal('PUBLIC'), Type.Literal('INTERNAL')]),
    body: Type.String(),
    /** The comment came with a status change, whose own email carries it (one email per action). */
    withStatusChange: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export const TicketCommented = defineEvent(TICKETING_STREAM, 'ticketing.ticket.commented', 1, TicketCommentedData);
export type TicketCommentedData = Static<typeof TicketCommentedData>;

/** TKT-2: the response target passed without an answer; published once per ticket. */
const TicketSlaBreachedData = Type.Object(
  { ...TicketRef, severity: Severity, breachedAt: Type.String({ format: 'date-time' }) },
  { additionalProperties: false },
);
export const TicketSlaBreached = defineEvent(TICKETING_STREAM, 'ticketing.ticket.sla-breached', 1, TicketSlaBreachedData);
export type TicketSlaBreachedData = Static<typeof TicketSlaBreachedData>;

/** TKT-6: a ticket was escalated; the support team lead and the head of managed services hear of it. */
const TicketEscalatedData = Type.Object(
  {
    ...TicketRef,
    severity: Severity,
    status: Type.String(),
    reason: Type.String(),
    actorKind: Type.Union([Type.Literal('staff'), Type.Literal('customer')]),
    escalatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export const TicketEscalated = defineEvent(TICKETING_STREAM, 'ticketing.ticket.escalated', 1, TicketEscalatedData);
export type TicketEscalatedData = Static<typeof TicketEscalatedData>;

const AlertUnroutedData = Type.Object(
  {
    alertId: Type.String({ format: 'uuid' }),
    environmentKey: Type.Union([Type.String(), Type.Null()]),
    reason: Type.String(),
  },
  { additionalProperties: false },
);
/** An alert whose environment key names no known environment: monitoring-ingest lists it as unrouted (MON-2). */
export const AlertUnrouted = defineEvent(TICKETING_STREAM, 'ticketing.alert.unrouted', 1, AlertUnroutedData);
export type AlertUnroutedData = Static<typeof AlertUnroutedData>;
