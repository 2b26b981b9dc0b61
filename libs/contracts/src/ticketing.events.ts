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
