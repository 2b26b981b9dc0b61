import type { StreamContract } from './envelope';

/** Streams are per owning service; each service declares the ones it publishes to. */
export const MONITORING_STREAM: StreamContract = { name: 'MONITORING', subjects: ['monitoring.>'] };
export const TICKETING_STREAM: StreamContract = { name: 'TICKETING', subjects: ['ticketing.>'] };
/** Witnesses of every service's audit chain head (ACC-1): kept outside the service's database. */
export const AUDIT_STREAM: StreamContract = { name: 'AUDIT', subjects: ['audit.>'] };
/** Events of the identity service (integration keys issued and revoked). */
export const IDENTITY_STREAM: StreamContract = { name: 'IDENTITY', subjects: ['identity.>'] };
/** Events of the notifications service (email replies received). */
export const NOTIFICATIONS_STREAM: StreamContract = { name: 'NOTIFICATIONS', subjects: ['notifications.>'] };
/** Events of the customers service: customers and environments, each as a whole record at its revision. */
export const CUSTOMERS_STREAM: StreamContract = { name: 'CUSTOMERS', subjects: ['customers.>'] };
