import type { EventContract, StreamContract } from './envelope';
import type { RpcContract } from './rpc';
import { auditQueries, AUDITED_SERVICES } from './audit';
import { IdentityQueries } from './identity.rpc';
import { MonitoringQueries } from './monitoring.rpc';
import { TicketingDirectoryCommands, TicketingQueries } from './ticketing.rpc';
import { CustomersQueries } from './customers.rpc';
import { SessionRevoked } from './identity.events';
import { CUSTOMERS_STREAM, IDENTITY_STREAM, MONITORING_STREAM, NOTIFICATIONS_STREAM, TICKETING_STREAM } from './streams';

/** A durable JetStream consumer a participant runs (its `@ConsumesEvents` declaration). */
export interface DurableAccess {
  stream: StreamContract;
  durable: string;
}

/**
 * What one Vigil process may do on NATS (decision 0017), written with the
 * contracts themselves so subjects cannot drift: the nats-server
 * authorization is generated from this, and the platform refuses to start a
 * service whose declared handlers or consumers are not covered here.
 */
export interface NatsParticipant {
  /** The NATS user: the service name (ServiceDefinition.name), also its queue group and inbox prefix. */
  readonly name: string;
  /** Requests it answers, in its queue group. */
  readonly serves: readonly RpcContract[];
  /** Requests it sends. */
  readonly calls: readonly RpcContract[];
  /** Streams it publishes to and keeps configured (create or update). */
  readonly owns: readonly StreamContract[];
  /** Durable consumers it runs on other services' (or its own) streams. */
  readonly consumes: readonly DurableAccess[];
  /** Events it reads with an ordered (ephemeral) consumer, one filter subject each. */
  readonly follows: readonly EventContract[];
  /** Keeps a hash-chained audit log: publishes its witness, reads back its last one. */
  readonly audited: boolean;
  /** Durable consumers of earlier versions it deletes at start. */
  readonly retires: readonly DurableAccess[];
}

const audit = (service: string): RpcContract[] => Object.values(auditQueries(service));
const every = (queries: Record<string, RpcContract>): RpcContract[] => Object.values(queries);

const identity: NatsParticipant = {
  name: 'identity',
  serves: [...every(IdentityQueries), ...audit('identity')],
  calls: [],
  owns: [IDENTITY_STREAM],
  consumes: [{ stream: MONITORING_STREAM, durable: 'identity-integration-key-usage' }],
  follows: [],
  audited: true,
  retires: [],
};

const ticketing: NatsParticipant = {
  name: 'ticketing',
  serves: [...every(TicketingQueries), ...every(TicketingDirectoryCommands), ...audit('ticketing')],
  calls: [],
  owns: [TICKETING_STREAM],
  consumes: [
    { stream: MONITORING_STREAM, durable: 'ticketing-alerts' },
    { stream: NOTIFICATIONS_STREAM, durable: 'ticketing-email-replies' },
    { stream: CUSTOMERS_STREAM, durable: 'ticketing-customer-directory' },
  ],
  follows: [],
  audited: true,
  retires: [
    { stream: TICKETING_STREAM, durable: 'ticketing-outage-workflows' },
    { stream: TICKETING_STREAM, durable: 'ticketing-ticket-timers' },
  ],
};

const monitoringIngest: NatsParticipant = {
  name: 'monitoring-ingest',
  serves: [...every(MonitoringQueries), ...audit('monitoring-ingest')],
  calls: [],
  owns: [MONITORING_STREAM],
  consumes: [
    { stream: IDENTITY_STREAM, durable: 'monitoring-integration-keys' },
    { stream: TICKETING_STREAM, durable: 'monitoring-unrouted-alerts' },
    { stream: CUSTOMERS_STREAM, durable: 'monitoring-environment-directory' },
  ],
  follows: [],
  audited: true,
  retires: [],
};

const notifications: NatsParticipant = {
  name: 'notifications',
  serves: audit('notifications'),
  calls: [],
  owns: [NOTIFICATIONS_STREAM],
  consumes: [{ stream: TICKETING_STREAM, durable: 'notifications-ticket-emails' }],
  follows: [],
  audited: true,
  retires: [],
};

const customers: NatsParticipant = {
  name: 'customers',
  serves: [...every(CustomersQueries), ...audit('customers')],
  calls: [...every(TicketingDirectoryCommands)],
  owns: [CUSTOMERS_STREAM],
  consumes: [],
  follows: [],
  audited: true,
  retires: [],
};

/** The gateway serves nothing on NATS; it sends exactly the requests its routes forward. */
const apiGateway: NatsParticipant = {
  name: 'api-gateway',
  serves: [],
  calls: [...every(IdentityQueries), ...every(TicketingQueries), ...every(MonitoringQueries), ...every(CustomersQueries), ...AUDITED_SERVICES.flatMap(audit)],
  owns: [],
  consumes: [],
  follows: [SessionRevoked],
  audited: false,
  retires: [],
};

/** Every Vigil process that connects to NATS. The workflow worker talks to Temporal only. */
export const NATS_PARTICIPANTS: readonly NatsParticipant[] = [apiGateway, identity, ticketing, monitoringIngest, notifications, customers];

export function natsParticipant(name: string): NatsParticipant {
  const participant = NATS_PARTICIPANTS.find((p) => p.name === name);
  if (!participant) throw new Error(`${name} is not a NATS participant (libs/contracts/src/nats-access.ts)`);
  return participant;
}
