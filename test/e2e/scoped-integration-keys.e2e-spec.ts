import { testClock } from '../support/clock';
import { randomUUID } from 'node:crypto';
import type { CustomerView, EnvironmentView } from '@vigil/contracts';
import { privateKeyFromPem, signAccessToken } from '@vigil/platform-auth';
import { eventually } from '@vigil/testing';
import { exampleCustomer } from '../../services/customers/src/domain/example-customer';
import { alertmanagerFixture, postAlertmanager } from '../support/alerts';
import { DEMO, TestPlatform } from '../support/platform';

/**
 * Integration keys scoped to one customer (issue 13): a customer's own
 * monitoring posts alerts with such a key, and they route only to that
 * customer's active environments; anything else is kept as unrouted, with
 * the reason, and can open no outage. monitoring-ingest knows environments
 * from the customers service's events.
 */
describe('customer-scoped integration keys', () => {
  let platform: TestPlatform;
  let ingest: string;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['identity', 'customers', 'monitoring-ingest', 'api-gateway'], workflowWorker: false });
    ingest = platform.url('monitoring-ingest');
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const api = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const now = Math.floor(testClock.nowMs() / 1000);
    const token = await signAccessToken({ sub: randomUUID(), sid: randomUUID(), kind: 'staff', roles: ['HEAD_OF_MANAGED_SERVICES'], iat: now, exp: now + 600 }, privateKeyFromPem(platform.signingKeyPem));
    const response = await fetch(`${platform.url('api-gateway')}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const issueKey = async (customerId?: string): Promise<{ integrationId: string; apiKey: string }> => {
    const issued = await api<{ integrationId: string; apiKey: string }>('POST', '/v1/integrations', { name: `Zabbix ${randomUUID().slice(0, 6)}`, kind: 'alertmanager', scopes: ['alerts:write'], ...(customerId ? { customerId } : {}) });
    expect(issued.status).toBe(201);
    return issued.body;
  };
  /** Posts one firing alert for an environment key (retrying only while monitoring-ingest has not yet learnt the new key) and returns how it was stored. */
  const postFor = async (apiKey: string, environmentKey: string) => {
    const fingerprint = randomUUID();
    const webhook = alertmanagerFixture('alertmanager-firing', { startsAt: testClock.now(), fingerprint });
    for (const alert of webhook.alerts) alert.labels['environment'] = environmentKey;
    await eventually('monitoring-ingest to accept the key', async () => ((await postAlertmanager(ingest, webhook, apiKey)).status === 200 ? true : undefined), 10_000);
    const [stored] = await platform.query<{ environment_key: string | null; unrouted_reason: string | null }>(
      `SELECT environment_key, unrouted_reason FROM monitoring.alert_events WHERE fingerprint = $1`,
      [fingerprint],
    );
    return stored!;
  };
  const knownToIngest = (environmentId: string, retired = false) =>
    eventually('monitoring-ingest to know the environment', async () => {
      const [row] = await platform.query<{ retired_at: Date | null }>(`SELECT retired_at FROM monitoring.environments WHERE id = $1`, [environmentId]);
      return row && (row.retired_at !== null) === retired ? true : undefined;
    });

  it("routes a scoped key's alerts to its customer's environments only; others are kept as unrouted with the reason", async () => {
    const globex = (await api<CustomerView>('POST', '/v1/customers', { ...exampleCustomer(), name: `Globex ${randomUUID().slice(0, 6)}` })).body;
    const environment = (
      await api<EnvironmentView>('POST', `/v1/customers/${globex.id}/environments`, {
        name: 'Globex PROD Jira', key: `globex-${randomUUID().slice(0, 8)}`, product: 'JIRA', version: '10.3.4', provider: 'AWS', region: 'eu-central-1', serverId: 'i-0globex', size: 'm6i.large', xmlExport: false,
      })
    ).body;
    await knownToIngest(environment.id);
    const scoped = await issueKey(globex.id);
    const listed = await api<{ integrations: Array<{ id: string; customerId: string | null }> }>('GET', '/v1/integrations');
    expect(listed.body.integrations.find((i) => i.id === scoped.integrationId)?.customerId).toBe(globex.id);

    expect(await postFor(scoped.apiKey, environment.key)).toEqual({ environment_key: environment.key, unrouted_reason: null });
    const foreign = await postFor(scoped.apiKey, DEMO.environmentKey);
    expect(foreign.environment_key).toBeNull();
    expect(foreign.unrouted_reason).toContain('not an active environment of the customer the integration is scoped to');

    // The provider's own, unscoped key still routes to any customer's environment.
    const unscoped = await issueKey();
    expect(await postFor(unscoped.apiKey, DEMO.environmentKey)).toEqual({ environment_key: DEMO.environmentKey, unrouted_reason: null });

    // A retired environment takes no more alerts from the customer's key.
    expect((await api('POST', `/v1/customers/${globex.id}/environments/${environment.id}/retirement`)).status).toBe(200);
    await knownToIngest(environment.id, true);
    expect((await postFor(scoped.apiKey, environment.key)).environment_key).toBeNull();
  });

  it('refuses a scope that is not a customer id (400)', async () => {
    expect((await api('POST', '/v1/integrations', { name: 'x', kind: 'alertmanager', scopes: ['alerts:write'], customerId: 'ACME' })).status).toBe(400);
  });
});
