import { Type, type Static } from '@sinclair/typebox';
import { defineCommand, defineQuery, RpcErrorCode, type WithCaller } from './rpc';
import { BusinessCalendarModel, Contact, ContractTerms, COVERAGES, CustomerView, EnvironmentView, NewCustomer, NewEnvironment } from './customers.model';
import type { StaffRole } from './identity.queries';

/** What the customers service answers with when a request cannot be done. */
export const CustomersError = {
  NotFound: RpcErrorCode.NotFound,
  /** Someone changed the record first (revision), or a name or environment key is taken. */
  Conflict: RpcErrorCode.Conflict,
  /** Well-formed but against the rules (DR region = primary, an unknown region, a bad calendar). */
  Unprocessable: RpcErrorCode.Unprocessable,
  InvalidRequest: RpcErrorCode.InvalidRequest,
} as const;
export type CustomersError = (typeof CustomersError)[keyof typeof CustomersError];

/** Who administers customers, contracts and environments (issue 13); every staff member reads them. */
export const CUSTOMER_ADMIN_ROLES = ['HEAD_OF_MANAGED_SERVICES', 'CLOUD_OFFERINGS_MANAGER', 'CTO', 'CEO'] as const satisfies readonly StaffRole[];

const Uuid = Type.String({ format: 'uuid' });
const Revision = Type.Integer({ minimum: 1, description: 'The revision the change was made against; a stale one gets 409' });

export const RegisterCustomerRequest = Type.Object({ customerId: Uuid, customer: NewCustomer }, { additionalProperties: false });
export type RegisterCustomerRequest = WithCaller<Static<typeof RegisterCustomerRequest>>;

export const CustomerRequest = Type.Object({ customerId: Uuid }, { additionalProperties: false });
export type CustomerRequest = WithCaller<Static<typeof CustomerRequest>>;

export const ListCustomersRequest = Type.Object({}, { additionalProperties: false });
export const CustomerList = Type.Object({ items: Type.Array(CustomerView) });
export type CustomerList = Static<typeof CustomerList>;

/** What a change may name; what it leaves out stays as it is. */
export const CustomerChange = Type.Object(
  {
    name: Type.Optional(NewCustomer.properties.name),
    coverage: Type.Optional(Type.Union(COVERAGES.map((c) => Type.Literal(c)))),
    calendar: Type.Optional(BusinessCalendarModel),
    contacts: Type.Optional(Type.Array(Contact, { minItems: 1, maxItems: 50 })),
    contract: Type.Optional(ContractTerms),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CustomerChange = Static<typeof CustomerChange>;

export const ChangeCustomerRequest = Type.Object({ customerId: Uuid, expectedRevision: Revision, change: CustomerChange }, { additionalProperties: false });
export type ChangeCustomerRequest = WithCaller<Static<typeof ChangeCustomerRequest>>;

export const CustomerChangeResult = Type.Object({
  customer: CustomerView,
  /** TKT-2: open tickets whose response due time moved with a new calendar, coverage or targets; null when ticketing could not be asked now (it applies the change from the event). */
  ticketsRescheduled: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
});
export type CustomerChangeResult = Static<typeof CustomerChangeResult>;

/** Holidays from an iCalendar file (public-holiday calendars): added to the calendar's, or replacing them. */
export const ImportHolidaysRequest = Type.Object(
  {
    customerId: Uuid,
    expectedRevision: Revision,
    icalendar: Type.String({ minLength: 1, maxLength: 60_000, description: 'The file\'s text (RFC 5545): all-day events, yearly ones repeated over the contract term' }),
    replace: Type.Optional(Type.Boolean({ description: 'Replace the holidays instead of adding to them (default false)' })),
  },
  { additionalProperties: false },
);
export type ImportHolidaysRequest = WithCaller<Static<typeof ImportHolidaysRequest>>;

export const AddEnvironmentRequest = Type.Object({ customerId: Uuid, environmentId: Uuid, environment: NewEnvironment }, { additionalProperties: false });
export type AddEnvironmentRequest = WithCaller<Static<typeof AddEnvironmentRequest>>;

/** An environment's key, provider and region stay: alerts route by the key, and moving region is a migration, not an edit. */
export const EnvironmentChange = Type.Object(
  {
    name: Type.Optional(NewEnvironment.properties.name),
    version: Type.Optional(NewEnvironment.properties.version),
    serverId: Type.Optional(NewEnvironment.properties.serverId),
    size: Type.Optional(NewEnvironment.properties.size),
    publicIp: Type.Optional(Type.Union([NewEnvironment.properties.publicIp, Type.Null()])),
    xmlExport: Type.Optional(NewEnvironment.properties.xmlExport),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type EnvironmentChange = Static<typeof EnvironmentChange>;

export const EnvironmentRequest = Type.Object({ customerId: Uuid, environmentId: Uuid }, { additionalProperties: false });
export type EnvironmentRequest = WithCaller<Static<typeof EnvironmentRequest>>;
export const ChangeEnvironmentRequest = Type.Object(
  { customerId: Uuid, environmentId: Uuid, expectedRevision: Revision, change: EnvironmentChange },
  { additionalProperties: false },
);
export type ChangeEnvironmentRequest = WithCaller<Static<typeof ChangeEnvironmentRequest>>;

export const EnvironmentList = Type.Object({ items: Type.Array(EnvironmentView) });
export type EnvironmentList = Static<typeof EnvironmentList>;

const E = CustomersError;
const staffOnly = ['staff'] as const;
const staffAndCustomers = ['staff', 'customer'] as const;

/**
 * Request/reply operations of the customers service. A customer caller reads
 * its own customer only (anything else is NOT_FOUND); staff roles are checked
 * at the gateway. Creating commands carry the new record's id, chosen by the
 * caller, so a retried request finds what it created instead of a twin.
 */
export const CustomersQueries = {
  registerCustomer: defineCommand({ subject: 'rpc.customers.customers.register', request: RegisterCustomerRequest, response: CustomerView, errors: [E.Conflict, E.Unprocessable], callers: staffOnly }),
  getCustomer: defineQuery({ subject: 'rpc.customers.customers.get', request: CustomerRequest, response: CustomerView, errors: [E.NotFound], callers: staffAndCustomers }),
  listCustomers: defineQuery({ subject: 'rpc.customers.customers.list', request: ListCustomersRequest, response: CustomerList, callers: staffOnly }),
  changeCustomer: defineCommand({ subject: 'rpc.customers.customers.change', request: ChangeCustomerRequest, response: CustomerChangeResult, errors: [E.NotFound, E.Conflict, E.Unprocessable], callers: staffOnly }),
  importHolidays: defineCommand({ subject: 'rpc.customers.customers.import-holidays', request: ImportHolidaysRequest, response: CustomerChangeResult, errors: [E.NotFound, E.Conflict, E.Unprocessable], callers: staffOnly }),
  addEnvironment: defineCommand({ subject: 'rpc.customers.environments.add', request: AddEnvironmentRequest, response: EnvironmentView, errors: [E.NotFound, E.Conflict, E.Unprocessable], callers: staffOnly }),
  listEnvironments: defineQuery({ subject: 'rpc.customers.environments.list', request: CustomerRequest, response: EnvironmentList, errors: [E.NotFound], callers: staffAndCustomers }),
  getEnvironment: defineQuery({ subject: 'rpc.customers.environments.get', request: EnvironmentRequest, response: EnvironmentView, errors: [E.NotFound], callers: staffAndCustomers }),
  changeEnvironment: defineCommand({ subject: 'rpc.customers.environments.change', request: ChangeEnvironmentRequest, response: EnvironmentView, errors: [E.NotFound, E.Conflict], callers: staffOnly }),
  retireEnvironment: defineCommand({ subject: 'rpc.customers.environments.retire', request: EnvironmentRequest, response: EnvironmentView, errors: [E.NotFound], callers: staffOnly }),
} as const;
