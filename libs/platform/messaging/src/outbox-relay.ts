import { Logger } from '@nestjs/common';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { claimLeased, WakeableLoop } from '@vigil/platform-persistence';

export interface OutboxRelayOptions {
  batchSize?: number;
  leaseMs?: number;
  pollIntervalMs?: number;
}

interface OutboxRow {
  id: string;
  subject: string;
  envelope: unknown;
  trace_context: Record<string, string>;
}

/**
 * Publishes committed outbox rows to JetStream. Rows are claimed with a lease
 * (FOR UPDATE SKIP LOCKED), published in sequence order with Nats-Msg-Id set
 * to the event id, and marked published only after JetStream acknowledged
 * them. A crash between publish and mark re-publishes; the stream's duplicate
 * window and every consumer's inbox make that harmless.
 */
export class OutboxRelay {
  private readonly log = new Logger('OutboxRelay');
  private readonly js: JetStreamClient;
  private readonly loop: WakeableLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    nc: NatsConnection,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.js = jetstream(nc);
    this.loop = new WakeableLoop('OutboxRelay', () => this.publishBatch(), options.pollIntervalMs ?? 500);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Called after a commit that wrote outbox rows, so publishing starts at once. */
  kick(): void {
    this.loop.kick();
  }

  /** Returns how many rows were published. */
  async publishBatch(): Promise<number> {
    const table = `"${this.schema}".outbox`;
    const ids = await this.dataSource.transaction((m) =>
      claimLeased(m, table, 'published_at', this.options.batchSize ?? 100, this.options.leaseMs ?? 15_000),
    );
    if (ids.length === 0) return 0;
    const rows: OutboxRow[] = await this.dataSource.query(
      `SELECT id, subject, envelope, trace_context FROM ${table} WHERE id = ANY($1) ORDER BY seq`,
      [ids],
    );
    const published: string[] = [];
    try {
      for (const row of rows) {
        const h = headers();
        for (const [key, value] of Object.entries(row.trace_context ?? {})) h.set(key, value);
        await this.js.publish(row.subject, JSON.stringify(row.envelope), { msgID: row.id, headers: h });
        published.push(row.id);
      }
    } catch (error) {
      const failed = rows[published.length];
      if (failed) {
        await this.dataSource.query(`UPDATE ${table} SET last_error = $2 WHERE id = $1`, [failed.id, (error as Error).message]);
      }
      this.log.warn(`publish failed, will retry after the lease: ${(error as Error).message}`);
    } finally {
      if (published.length > 0) {
        await this.dataSource.query(`UPDATE ${table} SET published_at = now(), locked_until = NULL WHERE id = ANY($1)`, [published]);
      }
    }
    return published.length;
  }
}
