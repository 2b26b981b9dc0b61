import type { Client, Connection } from '@temporalio/client';

/** Holds the Temporal connection so it can be checked for health and closed. */
export class TemporalHandle {
  constructor(readonly client: Client, readonly connection: Connection) {}
}
