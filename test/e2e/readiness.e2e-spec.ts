import { testClock } from '../support/clock';
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { IDENTITY_STREAM } from '@vigil/contracts';
import { privateKeyFromPem, signAccessToken } from '@vigil/platform-auth';
import { connectNats } from '@vigil/platform-messaging';
import { eventually } from '@vigil/testing';
import { alertmanagerFixture, postAlertmanager } from '../support/alerts';
import { TestPlatform } from '../support/platform';

type Readiness = { status: 'up' | 'down'; checks: Record<string, { status: 'up' | 'down'; error?: string }> };

/**
 * Readiness tells the truth (issue 11, section 4): a durable consumer that no
 * longer consumes makes `/health/ready` answer 503 until the platform has
 * restarted it, and the restarted consumer does its work again.
 */
describe('readiness of long-running loops', () => {
  let platform: TestPlatform;
  let nc: NatsConnection;
  const ready = async (service: 'monitoring-ingest' | 'api-gateway'): Promise<{ status: number; body: Readiness }> => {
    const response = await fetch(`${platform.url(service)}/health/ready`);
    return { status: response.status, body: (await response.json()) as Readiness };
  };
  const staffToken = () => {
    const now = Math.floor(testClock.nowMs() / 1000);
    return signAccessToken({ sub: randomUUID(), sid: randomUUID(), kind: 'staff', roles: ['HEAD_OF_MANAGED_SERVICES'], iat: now, exp: now + 600 }, privateKeyFromPem(platform.signingKeyPem));
  };

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['identity', 'monitoring-ingest', 'api-gateway'], workflowWorker: false });
    // The broker's admin: deleting a service's consumer is what no service may do (decision 0017).
    nc = await connectNats(platform.environment['NATS_URL']!, 'readiness-test', platform.natsCredentials('vigil-admin'));
  }, 120_000);

  afterAll(async () => {
    await nc?.drain();
    await platform?.stop();
  }, 60_000);

  it('reports every consumer loop, activity worker and the revocation feed', async () => {
    const monitoring = await ready('monitoring-ingest');
    expect(monitoring.status).toBe(200);
    expect(monitoring.body.checks['consumer:monitoring-integration-keys']).toEqual({ status: 'up' });
    expect(monitoring.body.checks['consumer:monitoring-unrouted-alerts']).toEqual({ status: 'up' });
    const gateway = await ready('api-gateway');
    expect(gateway.status).toBe(200);
    expect(gateway.body.checks['session-revocation-feed']).toEqual({ status: 'up' });
    expect(gateway.body.checks['activity-worker:gateway-activities']).toEqual({ status: 'up' });
  });

  it('answers 503 while a durable consumer is gone, restarts it, and the restarted consumer works', async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.delete(IDENTITY_STREAM.name, 'monitoring-integration-keys');

    const down = await ready('monitoring-ingest');
    expect(down.status).toBe(503);
    expect(down.body.checks['consumer:monitoring-integration-keys']).toMatchObject({ status: 'down' });

    await eventually('the consumer to be restarted', async () => ((await ready('monitoring-ingest')).status === 200 ? true : undefined));
    expect((await jsm.consumers.info(IDENTITY_STREAM.name, 'monitoring-integration-keys')).name).toBe('monitoring-integration-keys');

    // A key issued after the restart reaches monitoring-ingest through the restarted consumer.
    const issued = await fetch(`${platform.url('api-gateway')}/v1/integrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await staffToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'after restart', kind: 'alertmanager', scopes: ['alerts:write'] }),
    });
    expect(issued.status).toBe(201);
    const { apiKey } = (await issued.json()) as { apiKey: string };
    const accepted = await eventually('monitoring-ingest to learn the key', async () => {
      const response = await postAlertmanager(platform.url('monitoring-ingest'), alertmanagerFixture('alertmanager-firing', { startsAt: testClock.now() }), apiKey);
      return response.status === 200 ? response : undefined;
    }, 10_000);
    expect(accepted.status).toBe(200);
  });
});
