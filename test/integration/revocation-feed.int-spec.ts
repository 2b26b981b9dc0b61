import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { IDENTITY_STREAM, SessionRevoked } from '@vigil/contracts';
import { ManualClock } from '@vigil/platform-clock';
import { connectNats, ensureStreams } from '@vigil/platform-messaging';
import { Readiness } from '@vigil/platform-runtime';
import { eventually, startNatsServer, type RunningNats } from '@vigil/testing';
import { REVOCATION_FEED, RevokedSessions } from '../../services/api-gateway/src/auth/revoked-sessions';

/**
 * The gateway's session-revocation feed against a real nats-server: when it
 * stops, readiness says so (signed-out tokens would pass meanwhile) and the
 * feed is restarted and learns revocations again.
 */
describe('session revocation feed', () => {
  let nats: RunningNats;
  let nc: NatsConnection;
  let feed: RevokedSessions;
  const readiness = new Readiness();
  const clock = new ManualClock('2028-02-29T12:00:00Z');

  const revoke = async (sessionId: string) => {
    const data = { sessionId, accessTokensExpireBy: new Date(clock.nowMs() + 15 * 60_000).toISOString() };
    const envelope = { id: randomUUID(), type: SessionRevoked.type, version: SessionRevoked.version, occurredAt: clock.isoNow(), data };
    await jetstream(nc).publish(SessionRevoked.subject, JSON.stringify(envelope));
  };

  beforeAll(async () => {
    nats = await startNatsServer(process.env['VIGIL_TEST_NATS_SERVER_BIN']!, 'nats-revocation-feed-test');
    nc = await connectNats(nats.url, 'revocation-feed-test');
    await ensureStreams(nc, [IDENTITY_STREAM]);
    feed = new RevokedSessions(nc, clock, readiness);
    await feed.onApplicationBootstrap();
  }, 60_000);

  afterAll(async () => {
    await feed?.onApplicationShutdown();
    await nc?.drain();
    await nats?.stop();
  });

  it('is reported up and learns revocations', async () => {
    expect(readiness.checks()[REVOCATION_FEED]).toEqual({ status: 'up' });
    const sessionId = randomUUID();
    await revoke(sessionId);
    await eventually('the revocation to arrive', () => (feed.isRevoked(sessionId) ? true : undefined));
  });

  it('when it stops: reported down, restarted, and revocations published meanwhile are learnt', async () => {
    await feed.interrupt();
    await eventually('readiness to report the feed down', () => (readiness.checks()[REVOCATION_FEED]?.status === 'down' ? true : undefined));
    const meanwhile = randomUUID();
    await revoke(meanwhile);
    await eventually('the feed to be restarted', () => (readiness.checks()[REVOCATION_FEED]?.status === 'up' ? true : undefined), 10_000);
    await eventually('the revocation published while it was down', () => (feed.isRevoked(meanwhile) ? true : undefined));
  });
});
