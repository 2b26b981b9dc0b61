import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LoopingWorker, queryRows } from '@vigil/platform-persistence';
import { SERVICE_DEFINITION } from './tokens';
import type { ServiceDefinition } from './service-definition';

/** Rows past these ages have done their job; the inbox must outlive JetStream's 14-day max_age, or a redelivery could run twice. */
export const RETENTION = {
  publishedOutboxDays: 7,
  inboxDays: 30,
  deliveredWorkflowCommandDays: 7,
} as const;

const HOUR_MS = 3_600_000;
const BATCH = 5_000;

/**
 * Purges what the messaging tables no longer need: published outbox rows,
 * inbox rows older than any possible redelivery, delivered workflow commands.
 * Dead letters and abandoned commands stay until someone looks at them. Safe
 * on every replica at once: each round deletes in small batches and a row
 * another replica deleted first is simply gone. Ages are the database's
 * clock, like the timestamps they are compared with.
 */
@Injectable()
export class MessagingRetention extends LoopingWorker {
  constructor(@Inject(SERVICE_DEFINITION) private readonly service: ServiceDefinition, @Inject(DataSource) private readonly dataSource: DataSource) {
    super('MessagingRetention', HOUR_MS);
  }

  protected round(): Promise<number> {
    return this.purge();
  }

  /** One round; returns 0 so the loop then waits an hour. */
  async purge(): Promise<number> {
    const s = `"${this.service.schema}"`;
    await this.deleteInBatches(`${s}.outbox`, `published_at < now() - interval '${RETENTION.publishedOutboxDays} days'`);
    await this.deleteInBatches(`${s}.inbox`, `processed_at < now() - interval '${RETENTION.inboxDays} days'`);
    if (this.service.workflowCommands) {
      await this.deleteInBatches(`${s}.workflow_commands`, `delivered_at < now() - interval '${RETENTION.deliveredWorkflowCommandDays} days'`);
    }
    return 0;
  }

  private async deleteInBatches(table: string, condition: string): Promise<void> {
    for (;;) {
      const rows = await queryRows(
        this.dataSource,
        `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ${condition} LIMIT ${BATCH} FOR UPDATE SKIP LOCKED) RETURNING 1`,
      );
      if (rows.length < BATCH) return;
    }
  }
}
