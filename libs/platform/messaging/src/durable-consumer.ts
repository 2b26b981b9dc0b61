import { backoffMs } from '@vigil/util-backoff';
import { Logger } from '@nestjs/common';
import { jetstream, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DataSource, EntityManager } from 'typeorm';
import type { Static, TSchema } from '@sinclair/typebox';
import { EventEnvelopeSchema, violations, type EventContract, type EventEnvelope } from '@vigil/contracts';
import { counter, inSpan, SpanKind } from '@vigil/platform-observability';
import { DEFAULT_ACK_WAIT_MS, ensureDurableConsumer } from './streams';

/** Thrown by a handler for a message that can never succeed: it is dead-lettered, not retried. */
export class PoisonMessage extends Error {
  override name = 'PoisonMessage';
}

export type EventHandler<S extends TSchema> = (event: EventEnvelope<Static<S>>, manager: EntityManager) => Promise<void>;

export type BatchEventHandler<S extends TSchema> = (events: Array<EventEnvelope<Static<S>>>, manager: EntityManager) => Promise<void>;

export interface ConsumerRegistration<S extends TSchema = TSchema> {
  contract: EventContract<S>;
  handle: EventHandler<S>;
  /** Set by `onBatch`: consecutive waiting events of this type are handed over together. */
  handleMany?: BatchEventHandler<S>;
}

export interface DurableConsumerOptions {
  /** Durable name, unique per service and purpose, e.g. `ticketing-alerts`. */
  name: string;
  stream: string;
  registrations: ConsumerRegistration[];
  /** Called after a handler's transaction committed, with its manager (e.g. to wake the relay of what it queued). */
  afterCommit?: (transaction: EntityManager) => void;
  maxBackoffMs?: number;
  /** A handler that fails this often for one event gets it dead-lettered instead of retried forever. */
  maxAttempts?: number;
}

/**
 * With the backoff below (250 ms doubling, capped at 30 s) 12 attempts span
 * about four minutes: long enough for a restart of a dependency, short enough
 * that a handler bug shows up as a dead letter, not an endless retry.
 */
export const DEFAULT_MAX_HANDLER_ATTEMPTS = 12;

const deadLettered = counter({ name: 'vigil_consumer_dead_letters_total', help: 'Messages a durable consumer gave up on and wrote to dead_letter', labelNames: ['consumer'] });

/** Messages handled in one transaction at most, and held locally at most (well inside the ack wait). */
const MAX_BATCH = 64;
const MAX_WAITING = 256;

/**
 * A durable JetStream pull consumer with exactly-once effects (rule 6):
 * the handler runs in one transaction with an inbox insert keyed by
 * (consumer, event id); the message is acked only after that commit. A
 * redelivered event finds its inbox row and is acked without running again.
 * Transient failures `nak` with exponential backoff; malformed or poison
 * messages are written to dead_letter with the reason and then `term`ed.
 *
 * Under load, the messages already waiting are handled in order in one
 * transaction (one commit for many events, each handler in its own trace);
 * if that fails, they are handled one by one as above, so one bad message
 * cannot hold back the others.
 */
export class DurableConsumer {
  private readonly log: Logger;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;
  private readonly waiting: JsMsg[] = [];
  private received = false;
  private signal: (() => void) | null = null;
  private readonly byType = new Map<string, ConsumerRegistration>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly options: DurableConsumerOptions,
  ) {
    this.log = new Logger(`Consumer:${options.name}`);
    deadLettered.inc({ consumer: options.name }, 0); // the series exists before the first dead letter, so rate() and alerts see it
    for (const r of options.registrations) this.byType.set(r.contract.subject, r);
  }

  async start(): Promise<void> {
    await ensureDurableConsumer(this.nc, {
      stream: this.options.stream,
      durable: this.options.name,
      filterSubjects: this.options.registrations.map((r) => r.contract.subject),
    });
    const consumer = await jetstream(this.nc).consumers.get(this.options.stream, this.options.name);
    this.messages = await consumer.consume({ max_messages: MAX_BATCH });
    let ended = false;
    const receiving = (async () => {
      for await (const msg of this.messages!) {
        this.waiting.push(msg);
        this.notify();
        while (this.waiting.length >= MAX_WAITING) await this.next();
      }
    })().finally(() => {
      ended = true;
      this.notify();
    });
    const handling = (async () => {
      while (!ended || this.waiting.length > 0) {
        if (this.waiting.length === 0) {
          await this.next();
          continue;
        }
        const batch = this.waiting.splice(0, MAX_BATCH);
        this.notify();
        if (batch.length === 1) await this.process(batch[0]!);
        else await this.processBatch(batch);
      }
    })();
    this.loop = Promise.all([receiving, handling]).then(
      () => undefined,
      (error: unknown) => this.log.error(`consumer loop ended: ${(error as Error).message}`),
    );
  }

  /** Resolves at the next change of the waiting list (a message in, a batch out, the end). */
  private next(): Promise<void> {
    return new Promise((resolve) => {
      const previous = this.signal;
      this.signal = () => {
        previous?.();
        resolve();
      };
    });
  }

  private notify(): void {
    const signal = this.signal;
    this.signal = null;
    signal?.();
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }

  /** Resolves when the loop has ended, stopped or not: the platform reports that in readiness and restarts it. */
  ended(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  private async process(msg: JsMsg): Promise<void> {
    const raw = msg.string();
    const registration = this.byType.get(msg.subject);
    let envelope: EventEnvelope;
    try {
      if (!registration) throw new PoisonMessage(`no handler for subject ${msg.subject}`);
      envelope = parseEnvelope(raw, registration.contract);
    } catch (error) {
      await this.deadLetter(msg, raw, (error as Error).message);
      return;
    }
    const carrier = traceCarrierOf(msg);
    // Tell JetStream the handler is alive, so a slow one is not redelivered meanwhile.
    const heartbeat = setInterval(() => msg.working(), DEFAULT_ACK_WAIT_MS / 3);
    let transaction: EntityManager | undefined;
    try {
      await inSpan(
        `consume ${msg.subject}`,
        () =>
          this.dataSource.transaction(async (manager) => {
            transaction = manager;
            const fresh = await manager.query(
              `INSERT INTO "${this.schema}".inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
              [this.options.name, envelope.id],
            );
            if (fresh.length === 0) return; // already handled: a redelivery
            await registration.handle(envelope, manager);
          }),
        { carrier, kind: SpanKind.CONSUMER, attributes: { 'messaging.destination.name': msg.subject, 'messaging.message.id': envelope.id } },
      );
      this.options.afterCommit?.(transaction!);
      msg.ack();
    } catch (error) {
      if (error instanceof PoisonMessage) {
        await this.deadLetter(msg, raw, error.message);
        return;
      }
      if (msg.info.deliveryCount >= (this.options.maxAttempts ?? DEFAULT_MAX_HANDLER_ATTEMPTS)) {
        await this.deadLetter(msg, raw, `failed ${msg.info.deliveryCount} times, last: ${(error as Error).message}`);
        return;
      }
      const delay = backoffMs({ initialMs: 250, maxMs: this.options.maxBackoffMs ?? 30_000 }, msg.info.deliveryCount);
      this.log.warn(`event ${envelope.id} failed (delivery ${msg.info.deliveryCount}), retry in ${delay} ms: ${(error as Error).message}`);
      msg.nak(delay);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Several waiting messages in one transaction; on any failure, each goes the single-message way instead. */
  private async processBatch(batch: JsMsg[]): Promise<void> {
    const parsed: Array<{ msg: JsMsg; envelope: EventEnvelope; registration: ConsumerRegistration; carrier: Record<string, string> }> = [];
    for (const msg of batch) {
      const registration = this.byType.get(msg.subject);
      try {
        if (!registration) throw new PoisonMessage(`no handler for subject ${msg.subject}`);
        parsed.push({ msg, envelope: parseEnvelope(msg.string(), registration.contract), registration, carrier: traceCarrierOf(msg) });
      } catch (error) {
        await this.deadLetter(msg, msg.string(), (error as Error).message);
      }
    }
    const heartbeat = setInterval(() => parsed.forEach(({ msg }) => msg.working()), DEFAULT_ACK_WAIT_MS / 3);
    let transaction: EntityManager | undefined;
    try {
      await this.dataSource.transaction(async (manager) => {
        transaction = manager;
        for (const run of runsOf(parsed)) {
          const { msg, registration, carrier } = run[0]!;
          await inSpan(
            `consume ${msg.subject}${run.length > 1 ? ` ×${run.length}` : ''}`,
            async () => {
              const fresh = await this.freshOf(manager, run.map((p) => p.envelope));
              if (fresh.length === 0) return;
              if (registration.handleMany) await registration.handleMany(fresh, manager);
              else await registration.handle(fresh[0]!, manager);
            },
            { carrier, kind: SpanKind.CONSUMER, attributes: { 'messaging.destination.name': msg.subject, 'messaging.batch.message_count': run.length } },
          );
        }
      });
    } catch (error) {
      clearInterval(heartbeat);
      this.log.warn(`a batch of ${parsed.length} events failed (${(error as Error).message}); handling them one by one`);
      for (const { msg } of parsed) await this.process(msg);
      return;
    }
    clearInterval(heartbeat);
    this.options.afterCommit?.(transaction!);
    for (const { msg } of parsed) msg.ack();
  }

  /** Records the events in the inbox; returns those not handled before (not redeliveries), in order. */
  private async freshOf(manager: EntityManager, envelopes: EventEnvelope[]): Promise<EventEnvelope[]> {
    const rows: Array<{ event_id: string }> = await manager.query(
      `INSERT INTO "${this.schema}".inbox (consumer, event_id) SELECT $1, id FROM unnest($2::uuid[]) AS id ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.options.name, envelopes.map((e) => e.id)],
    );
    const fresh = new Set(rows.map((r) => r.event_id));
    // `delete` also drops a second copy of the same event within the batch.
    return envelopes.filter((e) => fresh.delete(e.id));
  }

  private async deadLetter(msg: JsMsg, raw: string, reason: string): Promise<void> {
    this.log.warn(`dead-lettering message ${msg.seq} on ${msg.subject}: ${reason}`);
    try {
      await this.dataSource.query(
        `INSERT INTO "${this.schema}".dead_letter (consumer, subject, stream_sequence, payload, reason) VALUES ($1, $2, $3, $4, $5)`,
        [this.options.name, msg.subject, msg.seq, raw, reason],
      );
      msg.term(reason.slice(0, 200));
      deadLettered.inc({ consumer: this.options.name });
    } catch (error) {
      // Could not record it: keep the message rather than lose it.
      msg.nak(5_000);
      this.log.error(`dead letter not recorded, message kept: ${(error as Error).message}`);
    }
  }
}

/**
 * Consecutive events a batch handler takes together; every other event on its
 * own. Order is kept: a run never reaches past an event of another type.
 */
function runsOf<T extends { registration: ConsumerRegistration }>(parsed: T[]): T[][] {
  const runs: T[][] = [];
  for (const item of parsed) {
    const last = runs[runs.length - 1];
    if (last && item.registration.handleMany && last[0]!.registration === item.registration) last.push(item);
    else runs.push([item]);
  }
  return runs;
}

function traceCarrierOf(msg: JsMsg): Record<string, string> {
  const carrier: Record<string, string> = {};
  for (const key of ['traceparent', 'tracestate']) {
    const value = msg.headers?.get(key);
    if (value) carrier[key] = value;
  }
  return carrier;
}

function parseEnvelope(raw: string, contract: EventContract): EventEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new PoisonMessage('message is not JSON');
  }
  const envelopeErrors = violations(EventEnvelopeSchema, value);
  if (envelopeErrors.length > 0) throw new PoisonMessage(`bad envelope: ${envelopeErrors.join('; ')}`);
  const envelope = value as EventEnvelope;
  if (envelope.type !== contract.type || envelope.version !== contract.version) {
    throw new PoisonMessage(`envelope says ${envelope.type} v${envelope.version}, subject expects ${contract.type} v${contract.version}`);
  }
  const dataErrors = violations(contract.schema, envelope.data);
  if (dataErrors.length > 0) throw new PoisonMessage(`payload violates ${contract.subject}: ${dataErrors.join('; ')}`);
  return envelope;
}

/**
 * Like `on`, for a handler that does better with many events at once (set-based
 * SQL under a backlog). It gets one event when only one is waiting.
 */
export function onBatch<S extends TSchema>(contract: EventContract<S>, handleMany: BatchEventHandler<S>): ConsumerRegistration {
  const handle: EventHandler<S> = (event, manager) => handleMany([event], manager);
  return { contract, handle, handleMany } as unknown as ConsumerRegistration;
}

/** Pairs a contract with its typed handler for a consumer's registration list. */
export function on<S extends TSchema>(contract: EventContract<S>, handle: EventHandler<S>): ConsumerRegistration {
  return { contract, handle } as unknown as ConsumerRegistration;
}
