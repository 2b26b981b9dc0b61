import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DeliverPolicy, jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { IDENTITY_STREAM, SessionRevoked, violations, type EventEnvelope, type SessionRevokedData } from '@vigil/contracts';
import { Clock, SystemClock } from '@vigil/platform-clock';
import { ensureStreamsExist } from '@vigil/platform-messaging';
import { NATS_CONNECTION, Readiness, restartDelayMs } from '@vigil/platform-runtime';

/** Look back this far at start: longer than any access token lives. */
const LOOKBACK_MS = 60 * 60 * 1000;
/** How readiness names the feed. */
export const REVOCATION_FEED = 'session-revocation-feed';

/**
 * The sessions signed out while their access tokens may still be unexpired.
 * Every gateway instance reads all revocations (an ordered consumer, not a
 * shared durable one) from an hour back, so a restarted gateway knows them too,
 * and forgets each once its tokens have expired. A feed that stops would let
 * signed-out tokens through: readiness says so and the feed is restarted.
 */
@Injectable()
export class RevokedSessions implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RevokedSessions.name);
  private readonly revokedUntil = new Map<string, number>();
  private messages: ConsumerMessages | null = null;
  private stopping = false;
  private restart: NodeJS.Timeout | null = null;
  /** The stream sequence of the last revocation read: a restarted feed resumes after it. */
  private lastSeq = 0;
  /** JetStream stamps messages with the server's wall clock, never a shifted platform clock. */
  private readonly brokerClock = new SystemClock();

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection, private readonly clock: Clock, private readonly readiness: Readiness) {}

  isRevoked(sessionId: string, now = this.clock.nowMs()): boolean {
    const until = this.revokedUntil.get(sessionId);
    if (until === undefined) return false;
    if (until <= now) this.revokedUntil.delete(sessionId);
    return until > now;
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureStreamsExist(this.nc, [IDENTITY_STREAM]); // identity may not have started yet
    await this.follow(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.restart) clearTimeout(this.restart);
    await this.messages?.close();
  }

  /** Stops the feed as a failure would (for tests of readiness and restart). */
  async interrupt(): Promise<void> {
    await this.messages?.close();
  }

  private async follow(attempt: number): Promise<void> {
    const start =
      this.lastSeq > 0
        ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.lastSeq + 1 }
        : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(this.brokerClock.nowMs() - LOOKBACK_MS).toISOString() };
    // One filter subject, not a list: the create request then names it, so the gateway's permissions can be limited to it.
    const consumer = await jetstream(this.nc).consumers.get(IDENTITY_STREAM.name, { filter_subjects: SessionRevoked.subject, ...start });
    const messages = await consumer.consume();
    this.messages = messages;
    this.readiness.up(REVOCATION_FEED);
    void (async () => {
      for await (const message of messages) {
        this.lastSeq = message.seq;
        const envelope = message.json<EventEnvelope<SessionRevokedData>>();
        if (violations(SessionRevoked.schema, envelope.data).length > 0) {
          this.log.warn(`ignoring malformed ${message.subject} at ${message.seq}`);
          continue;
        }
        this.revokedUntil.set(envelope.data.sessionId, Date.parse(envelope.data.accessTokensExpireBy));
      }
    })()
      .then(() => this.ended('the feed closed', attempt))
      .catch((error: Error) => this.ended(error.message, attempt));
  }

  private ended(reason: string, attempt: number): void {
    if (this.stopping) return;
    const delay = restartDelayMs(attempt);
    this.log.error(`revocation feed ended (${reason}); restarting in ${delay} ms`);
    this.readiness.down(REVOCATION_FEED, reason);
    this.restart = setTimeout(() => {
      this.restart = null;
      this.follow(0).catch((error: Error) => this.ended(error.message, attempt + 1));
    }, delay);
  }
}
