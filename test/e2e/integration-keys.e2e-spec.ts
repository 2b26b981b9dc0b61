import { testClock } from '../support/clock';
import { createHash, randomUUID } from 'node:crypto';
import { privateKeyFromPem, signAccessToken } from '@vigil/platform-auth';
import { eventually } from '@vigil/testing';
import { TestPlatform } from '../support/platform';
import { alertmanagerFixture, postAlertmanager } from '../support/alerts';

/** Integration API keys (issue 3): issued by identity and shown once, stored hashed, scoped, revocable, last use recorded. */
describe('integration API keys', () => {
  let platform: TestPlatform;
  const token = (roles: string[]) => {
    const now = Math.floor(testClock.nowMs() / 1000);
    return signAccessToken({ sub: randomUUID(), sid: randomUUID(), kind: 'staff', roles, iat: now, exp: now + 600 }, privateKeyFromPem(platform.signingKeyPem));
  };
  const api = async (method: string, path: string, roles: string[], body?: unknown) =>
    fetch(`${platform.url('api-gateway')}${path}`, {
      method,
      headers: { authorization: `Bearer ${await token(roles)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['identity', 'monitoring-ingest', 'api-gateway'], workflowWorker: false });
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  it('a key issued through the gateway is shown once, stored only as a hash, and lets the monitoring tool post alerts', async () => {
    const issued = await api('POST', '/v1/integrations', ['HEAD_OF_MANAGED_SERVICES'], { name: 'Prometheus EU', kind: 'alertmanager', scopes: ['alerts:write'] });
    expect(issued.status).toBe(201);
    const { integrationId, apiKey } = (await issued.json()) as { integrationId: string; apiKey: string };
    expect(apiKey).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/); // 256 random bits

    const listed = await (await api('GET', '/v1/integrations', ['SECURITY_OFFICER'])).text();
    expect(listed).toContain(integrationId);
    expect(listed).not.toContain(apiKey);
    const [stored] = await platform.query<Record<string, unknown>>(`SELECT * FROM identity.integration_keys WHERE id = $1`, [integrationId]);
    expect(stored!['key_hash']).toBe(createHash('sha256').update(apiKey).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(apiKey);

    // Tried at once, perhaps before the key's event arrived: such a miss must not be cached against the key.
    await postAlertmanager(platform.url('monitoring-ingest'), alertmanagerFixture('alertmanager-firing', { startsAt: testClock.now() }), apiKey);
    const accepted = await eventually('monitoring-ingest to learn the new key', async () => {
      const response = await postAlertmanager(platform.url('monitoring-ingest'), alertmanagerFixture('alertmanager-firing', { startsAt: testClock.now() }), apiKey);
      return response.status === 200 ? response : undefined;
    }, 10_000); // well inside the 30 s key cache
    expect(accepted.status).toBe(200);
    const [integration] = await platform.query<{ last_used_at: Date | null }>(`SELECT last_used_at FROM monitoring.integrations WHERE id = $1`, [integrationId]);
    expect(integration!.last_used_at).not.toBeNull();
    // …and identity learns of the use for the access review (ACC-5).
    await eventually('identity to record the last use', async () => {
      const [key] = await platform.query<{ last_used_at: Date | null }>(`SELECT last_used_at FROM identity.integration_keys WHERE id = $1`, [integrationId]);
      return key?.last_used_at ?? undefined;
    });

    // Revoked: the key stops working.
    expect((await api('DELETE', `/v1/integrations/${integrationId}`, ['SECURITY_OFFICER'])).status).toBe(200);
    await eventually('the revoked key to be refused', async () => {
      const response = await postAlertmanager(platform.url('monitoring-ingest'), alertmanagerFixture('alertmanager-firing', { startsAt: testClock.now() }), apiKey);
      return response.status === 401 ? true : undefined;
    });
    expect((await api('DELETE', `/v1/integrations/${integrationId}`, ['SECURITY_OFFICER'])).status).toBe(404);
    const audit = await platform.query<{ action: string }>(`SELECT action FROM identity.audit_log WHERE target = $1 ORDER BY position`, [`integration:${integrationId}`]);
    expect(audit.map((a) => a.action)).toEqual(['integration-key.issued', 'integration-key.revoked']);
  });

  it('refuses unknown fields and scopes, and staff without the right role', async () => {
    expect((await api('POST', '/v1/integrations', ['HEAD_OF_MANAGED_SERVICES'], { name: 'x', kind: 'alertmanager', scopes: ['admin'] })).status).toBe(400);
    expect((await api('POST', '/v1/integrations', ['HEAD_OF_MANAGED_SERVICES'], { name: 'x', kind: 'alertmanager', scopes: ['alerts:write'], owner: 'me' })).status).toBe(400);
    expect((await api('POST', '/v1/integrations', ['SUPPORT_ENGINEER'], { name: 'x', kind: 'alertmanager', scopes: ['alerts:write'] })).status).toBe(403);
    const huge = await api('POST', '/v1/integrations', ['HEAD_OF_MANAGED_SERVICES'], { name: 'x'.repeat(100_000), kind: 'alertmanager', scopes: ['alerts:write'] });
    expect(huge.status).toBe(413); // body limit
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
  });
});
