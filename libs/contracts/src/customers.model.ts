import { Type, type Static } from '@sinclair/typebox';

/**
 * Customers, contracts and environments (SPEC "Domain"), owned by the
 * customers service. These schemas are what its API accepts and what its
 * events carry; the rules that span fields (DR region ≠ primary, a region the
 * provider has, a valid calendar) are checked by the service on top of them.
 */

const Uuid = Type.String({ format: 'uuid' });
const LocalTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });
const IsoDate = Type.String({ format: 'date' });

/** The provider regions Vigil hosts in (the hosting offer's data-centre list). */
export const PROVIDER_REGIONS = {
  AWS: ['us-east-1', 'us-east-2', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1'],
  FLEXIBLE_ENGINE: ['eu-west-0'],
} as const;
export type Provider = keyof typeof PROVIDER_REGIONS;
export const PROVIDERS = Object.keys(PROVIDER_REGIONS) as Provider[];

export const Region = Type.Object(
  { provider: Type.Union(PROVIDERS.map((p) => Type.Literal(p))), region: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);
export type Region = Static<typeof Region>;

/** CLOUD_STARTER has no nightly snapshots (BAK-1); the others do. */
export const OFFERINGS = ['CLOUD_STARTER', 'CLOUD_STANDARD', 'CLOUD_PREMIUM', 'CLOUD_DEDICATED'] as const;
export type Offering = (typeof OFFERINGS)[number];

export const CONTACT_ROLES = ['TECHNICAL', 'BILLING', 'SECURITY', 'ESCALATION'] as const;
export const Contact = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ format: 'email', maxLength: 254 }),
    phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 ()./-]{5,30}$' })),
    roles: Type.Array(Type.Union(CONTACT_ROLES.map((r) => Type.Literal(r))), { minItems: 1, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type Contact = Static<typeof Contact>;

const HoursWindow = Type.Object({ start: LocalTime, end: LocalTime }, { additionalProperties: false });

/** Weekly hours by ISO weekday ("1" Monday … "7" Sunday) and holidays, in the customer's time zone. */
export const BusinessCalendarModel = Type.Object(
  {
    timeZone: Type.String({ minLength: 1, maxLength: 64 }),
    weeklyHours: Type.Record(Type.String({ pattern: '^[1-7]$' }), Type.Array(HoursWindow, { maxItems: 6 })),
    holidays: Type.Array(IsoDate, { maxItems: 400, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const SEVERITIES = ['S1', 'S2', 'S3', 'S4'] as const;

export const SlaTargets = Type.Object(
  {
    responseMinutes: Type.Object(
      { S1: Type.Integer({ minimum: 1 }), S2: Type.Integer({ minimum: 1 }), S3: Type.Integer({ minimum: 1 }), S4: Type.Integer({ minimum: 1 }) },
      { additionalProperties: false },
    ),
    uptimePercent: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    rpoMinutes: Type.Integer({ minimum: 1 }),
    rtoMinutes: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type SlaTargets = Static<typeof SlaTargets>;

/** The SPEC's defaults (TKT-2: S1 1 h … S4 16 h). */
export const DEFAULT_RESPONSE_MINUTES: SlaTargets['responseMinutes'] = { S1: 60, S2: 240, S3: 480, S4: 960 };

/** A low-usage window for planned work (REL-2), weekly, in the customer's time zone. */
export const MaintenanceWindow = Type.Object(
  {
    weekday: Type.Integer({ minimum: 1, maximum: 7 }),
    start: LocalTime,
    durationMinutes: Type.Integer({ minimum: 15, maximum: 24 * 60 }),
    environmentId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type MaintenanceWindow = Static<typeof MaintenanceWindow>;

export const RENEWAL_STATES = ['RENEWING', 'ENDING', 'ENDED'] as const;

export const ContractTerms = Type.Object(
  {
    startsOn: IsoDate,
    endsOn: IsoDate,
    renewal: Type.Union(RENEWAL_STATES.map((s) => Type.Literal(s))),
    offering: Type.Union(OFFERINGS.map((o) => Type.Literal(o))),
    primaryRegion: Region,
    drRegion: Region,
    sla: SlaTargets,
    maintenanceWindows: Type.Array(MaintenanceWindow, { maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type ContractTerms = Static<typeof ContractTerms>;

export const COVERAGES = ['BUSINESS_HOURS', '24x7'] as const;

export const NewCustomer = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    coverage: Type.Union(COVERAGES.map((c) => Type.Literal(c))),
    calendar: BusinessCalendarModel,
    contacts: Type.Array(Contact, { minItems: 1, maxItems: 50 }),
    contract: ContractTerms,
  },
  {
    additionalProperties: false,
    examples: [
      {
        name: 'Globex AG',
        coverage: '24x7',
        calendar: { timeZone: 'Europe/Zurich', weeklyHours: { '1': [{ start: '07:00', end: '19:00' }], '2': [{ start: '07:00', end: '19:00' }] }, holidays: ['2027-01-01'] },
        contacts: [{ name: 'Globex IT', email: 'it@globex.example', roles: ['TECHNICAL', 'ESCALATION'] }, { name: 'Globex CISO', email: 'ciso@globex.example', roles: ['SECURITY'] }],
        contract: {
          startsOn: '2027-01-01',
          endsOn: '2029-12-31',
          renewal: 'RENEWING',
          offering: 'CLOUD_PREMIUM',
          primaryRegion: { provider: 'AWS', region: 'eu-central-1' },
          drRegion: { provider: 'AWS', region: 'eu-west-1' },
          sla: { responseMinutes: { S1: 30, S2: 120, S3: 480, S4: 960 }, uptimePercent: 99.95, rpoMinutes: 60, rtoMinutes: 120 },
          maintenanceWindows: [{ weekday: 6, start: '22:00', durationMinutes: 180 }],
        },
      },
    ],
  },
);
export type NewCustomer = Static<typeof NewCustomer>;

export const PRODUCTS = ['JIRA', 'JIRA_SERVICE_MANAGEMENT', 'CONFLUENCE', 'BITBUCKET', 'BAMBOO', 'CROWD', 'OTHER'] as const;
export const ENVIRONMENT_STATES = ['ACTIVE', 'BEING_OFFBOARDED', 'DELETED'] as const;

export const NewEnvironment = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    /** How alerts find the environment (MON-2): unique, stable, lower-case. */
    key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }),
    product: Type.Union(PRODUCTS.map((p) => Type.Literal(p))),
    version: Type.String({ minLength: 1, maxLength: 40 }),
    provider: Type.Union(PROVIDERS.map((p) => Type.Literal(p))),
    region: Type.String({ minLength: 1, maxLength: 40 }),
    serverId: Type.String({ minLength: 1, maxLength: 200 }),
    size: Type.String({ minLength: 1, maxLength: 40 }),
    publicIp: Type.Optional(Type.Union([Type.String({ format: 'ipv4' }), Type.String({ format: 'ipv6' })])),
    xmlExport: Type.Boolean(),
  },
  {
    additionalProperties: false,
    examples: [{ name: 'Globex PROD Confluence', key: 'globex-prod-confluence', product: 'CONFLUENCE', version: '9.2.1', provider: 'AWS', region: 'eu-central-1', serverId: 'i-0globex0conf01', size: 'm6i.2xlarge', publicIp: '203.0.113.20', xmlExport: false }],
  },
);
export type NewEnvironment = Static<typeof NewEnvironment>;

/** A customer as the customers service answers it: the record with its current contract. */
export const CustomerView = Type.Object(
  { ...NewCustomer.properties, id: Uuid, createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }), revision: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type CustomerView = Static<typeof CustomerView>;

export const EnvironmentView = Type.Object(
  {
    ...NewEnvironment.properties,
    id: Uuid,
    customerId: Uuid,
    state: Type.Union(ENVIRONMENT_STATES.map((s) => Type.Literal(s))),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    retiredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    revision: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type EnvironmentView = Static<typeof EnvironmentView>;
