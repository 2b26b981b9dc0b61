import type { StreamContract } from './envelope';

/** Streams are per owning service; each service declares the ones it publishes to. */
export const MONITORING_STREAM: StreamContract = { name: 'MONITORING', subjects: ['monitoring.>'] };
export const TICKETING_STREAM: StreamContract = { name: 'TICKETING', subjects: ['ticketing.>'] };
