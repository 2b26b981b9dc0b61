import { Logger } from '@nestjs/common';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { bySeq, claimLeasedRows, LoopingWorker, queryRows } from '@vigil/platform-persistence';
import { currentTraceCarrier, inSpan, SpanKind } from '@vigil/platform-observability';

export interface OutboxRelayOptions {
  batchSize?: number;
  leaseMs?: number;
  pollIntervalMs?: number;
  /**
   * After a round that published, wait this long before the next (a commit's
   * wake does not cut it short), so a stream of commits is published in
   * batches rather than a claim per commit; the first event after a quiet
   * spell still goes at once. Default 10 ms.
   */
  gatherMs?: number;
  /** Refusals by a reachable JetStream after which a row is abandoned (kept, logged, no longer retried). */
  maxPublishFailures?: number;
}

export const DEFAULT_MAX_PUBLISH_FAILURES = 10;
const DEFAULT_GATHER_MS = 10;
const DEFAULT_BATCH_SIZE = 100;

interface OutboxRow {
  id: string;
  subject: string;
  envelope: unknown;
  trace_context: Record<string, string>;
}

/**
 * Publishes committed outbox rows to JetStream. Rows are claimed with a lease
 * (FOR UPDATE SKIP LOCKED), published in sequence order (pipelined) with
 * Nats-Msg-Id set to the event id, and marked published only after JetStream
 * acknowledged them. A crash between publish and mark re-publishes; the stream's duplicate
 * window and every consumer's inbox make that harmless.
 */
export class OutboxRelay extends LoopingWorker {
  private readonly log = new Logger('OutboxRelay');
  private readonly js: JetStreamClient;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly nc: NatsConnection,
    private readonly options: OutboxRelayOptions = {},
  ) {
    super('OutboxRelay', options.pollIntervalMs ?? 500, options.gatherMs ?? DEFAULT_GATHER_MS, options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.js = jetstream(nc);
  }

  protected round(): Promise<number> {
    return this.publishBatch();
  }

  /** Returns how many rows were published. */
  async publishBatch(): Promise<number> {
    const table = `"${this.schema}".outbox`;
    // One statement claims and reads the rows (it is its own transaction); sent in sequence order.
    const rows = (
      await claimLeasedRows<OutboxRow & { seq: string }>(this.dataSource, table, 'published_at', this.options.batchSize ?? DEFAULT_BATCH_SIZE, this.options.leaseMs ?? 15_000, {
        skipColumn: 'abandoned_at',
        returning: 'id, seq, subject, envelope, trace_context',
      })
    ).sort(bySeq);
    if (rows.length === 0) return 0;
    // Pipelined on the one connection: the server stores them in the order sent, and a batch
    // costs one round trip instead of one per row. Rows whose ack failed stay leased and are
    // sent again after the lease (Nats-Msg-Id makes a repeat of an already stored one harmless).
    const outcomes = await Promise.all(rows.map((row) => this.publish(row).then(() => null, (error: unknown) => error as Error)));
    const published = rows.filter((_, i) => outcomes[i] === null).map((row) => row.id);
    if (published.length > 0) {
      await this.dataSource.query(`UPDATE ${table} SET published_at = now(), locked_until = NULL WHERE id = ANY($1)`, [published]);
    }
    const firstFailure = outcomes.findIndex((outcome) => outcome !== null);
    if (firstFailure !== -1) await this.recordFailure(table, rows[firstFailure]!.id, outcomes[firstFailure]!);
    return published.length;
  }

  /** A producer span in the trace that wrote the row; consumers continue from it. */
  private publish(row: OutboxRow): Promise<unknown> {
    return inSpan(`publish ${row.subject}`, () => {
      const h = headers();
      for (const [key, value] of Object.entries(currentTraceCarrier())) h.set(key, value);
      return this.js.publish(row.subject, JSON.stringify(row.envelope), { msgID: row.id, headers: h });
    }, { carrier: row.trace_context ?? {}, kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': row.subject, 'messaging.message.id': row.id } });
  }

  /** Whether JetStream itself is up (its account API answers), as opposed to refusing one row. */
  private async jetStreamAnswers(): Promise<boolean> {
    try {
      const jsm = await jetstreamManager(this.nc, { timeout: 2_000 });
      await jsm.getAccountInfo();
      return true;
    } catch {
      return false;
    }
  }

  /**
   * A row JetStream refuses while the server answers is the row's fault (a
   * subject no stream takes, a payload too large): after a bounded number of
   * such refusals it is abandoned so it no longer holds back the rows behind
   * it. While NATS or JetStream is unavailable nothing is counted: every row waits.
   */
  private async recordFailure(table: string, id: string, error: Error): Promise<void> {
    const reason = error.message;
    // A timeout says nothing about the row: the server or the stream was busy or away.
    if (/timeout/i.test(`${error.name} ${reason}`) || !(await this.jetStreamAnswers())) {
      this.log.warn(`publish failed (JetStream busy or unavailable), will retry after the lease: ${reason}`);
      await this.dataSource.query(`UPDATE ${table} SET last_error = $2 WHERE id = $1`, [id, reason]);
      return;
    }
    const [row] = await queryRows<{ publish_failures: number }>(
      this.dataSource,
      `UPDATE ${table} SET last_error = $2, publish_failures = publish_failures + 1,
              abandoned_at = CASE WHEN publish_failures + 1 >= $3 THEN now() END,
              locked_until = now() + (least(60000, 500 * 2 ^ least(publish_failures, 7)) || ' milliseconds')::interval
        WHERE id = $1 RETURNING publish_failures`,
      [id, reason, this.options.maxPublishFailures ?? DEFAULT_MAX_PUBLISH_FAILURES],
    );
    const failures = row?.publish_failures ?? 0;
    if (failures >= (this.options.maxPublishFailures ?? DEFAULT_MAX_PUBLISH_FAILURES)) {
      this.log.error(`abandoned outbox row ${id} after ${failures} refusals: ${reason}`);
    } else {
      this.log.warn(`outbox row ${id} refused (${failures}), will retry: ${reason}`);
    }
  }
}
