import { jetstreamManager, AckPolicy, DeliverPolicy, StorageType, RetentionPolicy, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { StreamContract } from '@vigil/contracts';

const DAY_NS = 24 * 60 * 60 * 1e9;

function streamConfig(stream: StreamContract) {
  return {
    name: stream.name,
    subjects: stream.subjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: 14 * DAY_NS,
    duplicate_window: 2 * 60 * 1e9,
    num_replicas: 1,
  };
}

/** Creates or updates the streams a service owns (publishes to). Safe to run at every start. */
export async function ensureStreams(nc: NatsConnection, streams: StreamContract[]): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const stream of streams) {
    const config = streamConfig(stream);
    try {
      await jsm.streams.info(stream.name);
      await jsm.streams.update(stream.name, config);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await jsm.streams.add(config);
    }
  }
}

/**
 * Creates the streams a service only reads when they are missing (their owner
 * may not have started yet), with the contract's config; never changes an
 * existing one: that is the owner's (decision 0017).
 */
export async function ensureStreamsExist(nc: NatsConnection, streams: StreamContract[]): Promise<void> {
  if (streams.length === 0) return;
  const jsm = await jetstreamManager(nc);
  for (const stream of streams) {
    try {
      await jsm.streams.info(stream.name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      // The owner may create it at the same moment: the same config is accepted twice.
      await jsm.streams.add(streamConfig(stream));
    }
  }
}

/**
 * How long JetStream waits for an ack before redelivering: after a crash, an
 * unacked event comes back this soon. Long handlers keep it alive with
 * `working()` heartbeats, so it need not cover the slowest handler.
 */
export const DEFAULT_ACK_WAIT_MS = 15_000;

/** Far above the handler bound, so only a long database outage during dead-lettering reaches it. */
export const DEFAULT_MAX_DELIVER = 500;

export interface DurableConsumerSpec {
  stream: string;
  durable: string;
  filterSubjects: string[];
  /** Redelivery if not acked in time; handlers call `working()` for long work. */
  ackWaitMs?: number;
  maxDeliver?: number;
}

/** Creates or updates a durable pull consumer. Safe to run at every start. */
export async function ensureDurableConsumer(nc: NatsConnection, spec: DurableConsumerSpec): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc);
  const config = {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subjects: spec.filterSubjects,
    ack_wait: (spec.ackWaitMs ?? DEFAULT_ACK_WAIT_MS) * 1e6,
    // A backstop above the consumer's own bound (DEFAULT_MAX_HANDLER_ATTEMPTS): JetStream stops
    // redelivering after this many even if recording the dead letter keeps failing (Postgres down).
    max_deliver: spec.maxDeliver ?? DEFAULT_MAX_DELIVER,
  };
  try {
    await jsm.consumers.info(spec.stream, spec.durable);
    await jsm.consumers.update(spec.stream, spec.durable, config);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.consumers.add(spec.stream, config);
  }
  return jsm;
}

/**
 * Deletes durable consumers a service no longer runs, so their streams stop
 * keeping messages for nobody. Safe to run at every start and on every replica.
 */
export async function deleteRetiredConsumers(nc: NatsConnection, retired: Array<{ stream: string; durable: string }>): Promise<void> {
  if (retired.length === 0) return;
  const jsm = await jetstreamManager(nc);
  for (const { stream, durable } of retired) {
    try {
      await jsm.consumers.delete(stream, durable);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { code?: string | number; message?: string; api_error?: { code?: number } };
  return e?.api_error?.code === 404 || /not found/i.test(e?.message ?? '');
}
