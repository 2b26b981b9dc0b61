import { CUSTOMERS_STREAM, MONITORING_STREAM, NOTIFICATIONS_STREAM, TICKETING_STREAM } from '@vigil/contracts';
import type { ServiceDefinition } from '@vigil/platform-runtime';
import { ticketingMigrations } from './migrations';

export const ticketingService: ServiceDefinition = {
  name: 'ticketing',
  schema: 'ticketing',
  entities: [],
  migrations: ticketingMigrations,
  streams: [MONITORING_STREAM, TICKETING_STREAM, NOTIFICATIONS_STREAM, CUSTOMERS_STREAM],
  audited: true,
  // Ticket writes run at hundreds a second: chained after commit, they do not queue on the chain's lock.
  auditSealing: 'after-commit',
  usesTemporal: true,
  workflowCommands: true,
  // Ticketing once drove its workflows by consuming its own events (decision 0015).
  retiredConsumers: [
    { stream: TICKETING_STREAM.name, durable: 'ticketing-outage-workflows' },
    { stream: TICKETING_STREAM.name, durable: 'ticketing-ticket-timers' },
  ],
};
