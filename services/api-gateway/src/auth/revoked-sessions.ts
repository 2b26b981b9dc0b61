import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DeliverPolicy, jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { IDENTITY_STREAM, SessionRevoked, violations, type EventEnvelope, type SessionRevokedData } from '@vigil/contracts';
import { ensureStreams } from '@vigil/platform-messaging';
import { NATS_CONNECTION } from '@vigil/platform-runtime';
import { Clock } from '@vigil/platform-clock';

/** Look back this far at start: longer than any access token lives. */
const LOOKBACK_MS = 60 * 60 * 1000;

/**
 * The sessions signed out while their access tokens may still be unexpired.
 * Every gateway instance reads all revocations (an ordered consumer, not a
 * shared durable one) from an hour back, so a restarted gateway knows them too,
 * and forgets each once its tokens have expired.
 */
@Injectable()
export class RevokedSessions implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RevokedSessions.name);
  private readonly revokedUntil = new Map<string, number>();
  private messages: ConsumerMessages | null = null;

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection, private readonly clock: Clock) {}

  isRevoked(sessionId: string, now: number): boolean {
    const until = this.revokedUntil.get(sessionId);
    if (until === undefined) return false;
    if (until <= now) this.revokedUntil.delete(sessionId);
    return until > now;
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureStreams(this.nc, [IDENTITY_STREAM]); // identity may not have started yet
    const consumer = await jetstream(this.nc).consumers.get(IDENTITY_STREAM.name, {
      filter_subjects: [SessionRevoked.subject],
      deliver_policy: DeliverPolicy.StartTime,
      // JetStream stamps messages with the server's wall clock, so the look-back is measured on it too.
      // eslint-disable-next-line no-restricted-syntax -- compared with NATS's own timestamps, not a business time
      opt_start_time: new Date(Date.now() - LOOKBACK_MS).toISOString(),
    });
    this.messages = await consumer.consume();
    void (async () => {
      for await (const message of this.messages!) {
        const envelope = message.json<EventEnvelope<SessionRevokedData>>();
        if (violations(SessionRevoked.schema, envelope.data).length > 0) {
          this.log.warn(`ignoring malformed ${message.subject} at ${message.seq}`);
          continue;
        }
        this.revokedUntil.set(envelope.data.sessionId, Date.parse(envelope.data.accessTokensExpireBy));
      }
    })().catch((error: Error) => this.log.error(`revocation feed ended: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.messages?.close();
  }
}
