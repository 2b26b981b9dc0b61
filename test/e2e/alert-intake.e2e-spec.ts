import { testClock } from '../support/clock';
import { randomUUID } from 'node:crypto';
import { privateKeyFromPem, signAccessToken } from '@vigil/platform-auth';
import { eventually } from '@vigil/testing';
import { instantOf, localDateOf, type LocalDate } from '@vigil/util-sla';
import { DEMO, TestPlatform } from '../support/platform';
import { fixture, postAlert } from '../support/alert-senders';
import { signatureOf } from '../../services/monitoring-ingest/src/integrations/request-signatures';
import { customerAccessToken } from '../support/customer-session';
import { StaffSession } from '../support/staff-session';

interface Outage {
  id: string;
  state: string;
  environmentId: string;
  ticketId: string;
  startedAt: string;
  restoredAt: string | null;
  recoveryMinutes: number | null;
  alerts: number;
}

/**
 * MON-1/MON-2 intake: three formats, routing rules, unrouted alerts,
 * PagerDuty's dedup_key semantics and acknowledge, and an alert storm.
 */
describe('alert intake', () => {
  let platform: TestPlatform;
  let gateway: string;
  let ingest: string;
  let staff: string;
  let headOfMs: string;
  let integrationId: string;
  const globex = { customerId: randomUUID(), environmentId: randomUUID(), key: 'globex-prod-confluence' };
  const storm = { environmentId: randomUUID(), key: `storm-${randomUUID().slice(0, 8)}` };
  /** Berlin time, a stricter uptime target than the default 99.9 %. */
  const initech = { customerId: randomUUID(), environmentId: randomUUID(), key: 'initech-prod-jira' };

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['monitoring-ingest', 'ticketing', 'identity', 'api-gateway'], workflowWorker: false });
    gateway = platform.url('api-gateway');
    ingest = platform.url('monitoring-ingest');
    staff = (await new StaffSession(gateway, DEMO.staffEmail, platform.staffTotpSecret).accessToken(platform.staffPassword)).accessToken;
    // Routing rules are for key administrators; the demo staff user is a team lead, so this token is minted with the platform's real key.
    const now = Math.floor(testClock.nowMs() / 1000);
    headOfMs = await signAccessToken(
      { sub: randomUUID(), sid: randomUUID(), kind: 'staff', roles: ['HEAD_OF_MANAGED_SERVICES'], iat: now, exp: now + 900 },
      privateKeyFromPem(platform.signingKeyPem),
    );
    await platform.query(`INSERT INTO ticketing.customers (id, name, contact_email, time_zone, coverage) VALUES ($1, 'Globex AG', 'ops@globex.example', 'UTC', '24x7')`, [
      globex.customerId,
    ]);
    await platform.query(`INSERT INTO ticketing.environments (id, customer_id, key, name, product) VALUES ($1, $2, $3, 'Globex PROD Confluence', 'CONFLUENCE'), ($4, $2, $5, 'Storm test', 'JIRA')`, [
      globex.environmentId,
      globex.customerId,
      globex.key,
      storm.environmentId,
      storm.key,
    ]);
    await platform.query(
      `INSERT INTO ticketing.customers (id, name, contact_email, time_zone, coverage, uptime_target_percent) VALUES ($1, 'Initech', 'ops@initech.example', 'Europe/Berlin', '24x7', 99.95)`,
      [initech.customerId],
    );
    await platform.query(`INSERT INTO ticketing.environments (id, customer_id, key, name, product) VALUES ($1, $2, $3, 'Initech PROD Jira', 'JIRA')`, [
      initech.environmentId,
      initech.customerId,
      initech.key,
    ]);
    integrationId = (await platform.query<{ id: string }>(`SELECT id FROM monitoring.integrations`))[0]!.id;
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const api = async <T>(method: string, path: string, token = staff, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${gateway}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const outagesOf = async (environmentId: string) => (await api<{ items: Outage[] }>('GET', `/v1/outages?environmentId=${environmentId}`)).body.items;
  const ticketStatus = async (ticketId: string) => (await api<{ status: string }>('GET', `/v1/tickets/${ticketId}`)).body.status;
  const pagerDuty = (name: string, changes: Record<string, unknown> = {}) => ({ ...fixture(name), routing_key: platform.monitoringKey, ...changes });

  it('MON-1: PagerDuty trigger authenticated by routing_key: 202 with dedup_key, +0000 timestamp kept, an outage opened', async () => {
    const answer = await postAlert(`${ingest}/v2/enqueue`, pagerDuty('pagerduty-trigger'));
    expect(answer).toMatchObject({ status: 202, body: { status: 'success', message: 'Event processed', dedup_key: 'confluence-db01/disk' } });
    const [outage] = await eventually('the Globex outage', async () => ((await outagesOf(globex.environmentId)).length === 1 ? outagesOf(globex.environmentId) : undefined));
    expect(outage).toMatchObject({ state: 'OPEN', startedAt: '2026-11-22T08:42:58.315Z', alerts: 1 });
    // A repeat while open is the same alert: nothing new.
    expect((await postAlert(`${ingest}/v2/enqueue`, pagerDuty('pagerduty-trigger'))).status).toBe(202);
    const stored = await platform.query<{ n: number }>(`SELECT count(*)::int AS n FROM monitoring.alert_events WHERE fingerprint = 'confluence-db01/disk'`);
    expect(stored[0]!.n).toBe(1);
  });

  it('MON-2/MON-3: PagerDuty acknowledge moves the outage ticket to IN_PROGRESS; resolve restores; the same dedup_key then opens anew', async () => {
    const [outage] = await outagesOf(globex.environmentId);
    expect((await postAlert(`${ingest}/v2/enqueue`, pagerDuty('pagerduty-acknowledge'))).status).toBe(202);
    await eventually('the outage ticket taken', async () => ((await ticketStatus(outage!.ticketId)) === 'IN_PROGRESS' ? true : undefined));
    const history = await api<{ items: Array<{ actor: string; action: string; to: string | null }> }>('GET', `/v1/tickets/${outage!.ticketId}/history`);
    expect(history.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ actor: `integration:${integrationId}`, action: 'acknowledged at the monitoring tool', to: 'IN_PROGRESS' })]));

    expect((await postAlert(`${ingest}/v2/enqueue`, pagerDuty('pagerduty-resolve'))).status).toBe(202);
    await eventually('the outage restored', async () => ((await outagesOf(globex.environmentId))[0]?.state === 'RESTORED' ? true : undefined));
    // A resolve of an alert no longer open is accepted and changes nothing.
    expect((await postAlert(`${ingest}/v2/enqueue`, pagerDuty('pagerduty-resolve'))).status).toBe(202);

    const retrigger = pagerDuty('pagerduty-trigger') as unknown as { payload: Record<string, unknown> };
    retrigger.payload['timestamp'] = testClock.now().toISOString().replace('Z', '+0000');
    expect((await postAlert(`${ingest}/v2/enqueue`, retrigger)).status).toBe(202);
    const outages = await eventually('a second Globex outage', async () => {
      const found = await outagesOf(globex.environmentId);
      return found.length === 2 ? found : undefined;
    });
    expect(outages.map((o) => o.state)).toEqual(['OPEN', 'RESTORED']);
  });

  it('MON-1: an Alertmanager group with truncatedAlerts is stored with the count, answered and listed with it', async () => {
    const webhook = fixture<{ truncatedAlerts: number; alerts: Array<Record<string, unknown>> }>('alertmanager-firing');
    webhook.truncatedAlerts = 3;
    webhook.alerts[0]!['fingerprint'] = 'truncated-group';
    const answer = await postAlert(`${ingest}/v1/alerts/alertmanager`, webhook, platform.monitoringKey);
    expect(answer).toMatchObject({ status: 200, body: { received: 1, recorded: 1, truncatedAlerts: 3 } });
    const listed = await api<{ items: Array<{ fingerprint: string; truncatedAlerts: number }> }>('GET', '/v1/alerts?source=alertmanager');
    expect(listed.body.items.find((a) => a.fingerprint === 'truncated-group')).toMatchObject({ truncatedAlerts: 3 });
  });

  it('MON-1: refuses a PagerDuty event without a valid routing_key (401) or with a bad action (400) in PagerDuty\'s own error shape, storing nothing', async () => {
    const before = await platform.query<{ n: number }>(`SELECT count(*)::int AS n FROM monitoring.alert_events`);
    // PagerDuty's clients decode only application/json with status, message and errors (issue 19).
    const unknownKey = await postAlert(`${ingest}/v2/enqueue`, { ...pagerDuty('pagerduty-trigger'), routing_key: 'not-a-key' });
    expect(unknownKey).toMatchObject({ status: 401, contentType: expect.stringMatching(/^application\/json/), body: { status: 'invalid routing key' } });
    expect(String(unknownKey.body['message']) + String(unknownKey.body['errors'])).toMatch(/routing_key/);
    expect(String(unknownKey.body['errors'])).not.toMatch(/bearer/i);
    const bad = await postAlert(`${ingest}/v2/enqueue`, pagerDuty('pagerduty-trigger', { event_action: 'explode' }));
    expect(bad).toMatchObject({ status: 400, contentType: expect.stringMatching(/^application\/json/), body: { status: 'invalid event', message: 'Event object is invalid' } });
    expect((bad.body['errors'] as string[]).join(' ')).toMatch(/event_action/);
    const unreadable = await postAlert(`${ingest}/v1/alerts/pagerduty`, '{"routing_key": ');
    expect(unreadable).toMatchObject({ status: 400, contentType: expect.stringMatching(/^application\/json/), body: { status: 'invalid event' } });
    // The other formats keep problem details.
    const badWebhook = await postAlert(`${ingest}/v1/alerts/alertmanager`, { version: '4' }, platform.monitoringKey);
    expect(badWebhook).toMatchObject({ status: 400, contentType: expect.stringMatching(/^application\/problem\+json/), body: { type: 'https://vigil.dev/problems/invalid-alert-payload' } });
    const after = await platform.query<{ n: number }>(`SELECT count(*)::int AS n FROM monitoring.alert_events`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('MON-1/MON-2: the generic format opens an outage and its resolve records the recovery time from endsAt', async () => {
    const firing = fixture<{ alerts: Array<Record<string, unknown>> }>('generic-firing');
    const resolved = fixture<{ alerts: Array<Record<string, unknown>> }>('generic-resolved');
    for (const body of [firing, resolved]) body.alerts[0]!['labels'] = { environment: storm.key };
    expect((await postAlert(`${ingest}/v1/alerts`, firing, platform.monitoringKey)).status).toBe(200);
    await eventually('the storm environment outage', async () => ((await outagesOf(storm.environmentId)).length === 1 ? true : undefined));
    const missingEnd = fixture<{ alerts: Array<Record<string, unknown>> }>('generic-resolved');
    delete missingEnd.alerts[0]!['endsAt'];
    const refused = await postAlert(`${ingest}/v1/alerts`, missingEnd, platform.monitoringKey);
    expect(refused.status).toBe(400);
    expect(refused.body['errors']).toEqual(['/alerts/0/endsAt is required when status is resolved']);

    expect((await postAlert(`${ingest}/v1/alerts`, resolved, platform.monitoringKey)).body).toMatchObject({ received: 1, recorded: 1 });
    const [outage] = await eventually('the outage restored', async () => {
      const found = await outagesOf(storm.environmentId);
      return found[0]?.state === 'RESTORED' ? found : undefined;
    });
    expect(outage).toMatchObject({ restoredAt: '2026-11-22T09:31:50.000Z', recoveryMinutes: 17.75 });
  });

  it('MON-2: routing rules set through the API route by a pattern; alerts that match no rule or no environment are listed as unrouted', async () => {
    const denied = await api('PUT', `/v1/integrations/${integrationId}/routing-rules`, staff, { rules: [{ label: 'environment' }] });
    expect(denied.status).toBe(403);
    const badPattern = await api<{ detail: string }>('PUT', `/v1/integrations/${integrationId}/routing-rules`, headOfMs, { rules: [{ label: 'instance', pattern: '([' }] });
    expect(badPattern.status).toBe(422);
    const rules = [{ label: 'environment' }, { label: 'instance', pattern: '^([a-z0-9-]+)\\.hosts\\.example' }];
    const set = await api('PUT', `/v1/integrations/${integrationId}/routing-rules`, headOfMs, { rules });
    expect(set).toEqual({ status: 200, body: { integrationId, environmentLabel: 'environment', rules } });

    const alert = (key: string, labels: Record<string, string>) => ({
      alerts: [{ key, status: 'firing', startsAt: testClock.now().toISOString(), title: `probe ${key}`, labels }],
    });
    const byPattern = `by-pattern-${randomUUID().slice(0, 8)}`;
    const noRule = `no-rule-${randomUUID().slice(0, 8)}`;
    const unknownEnvironment = `unknown-env-${randomUUID().slice(0, 8)}`;
    await postAlert(`${ingest}/v1/alerts`, alert(byPattern, { instance: `${globex.key}.hosts.example:443` }), platform.monitoringKey);
    await postAlert(`${ingest}/v1/alerts`, alert(noRule, { job: 'node' }), platform.monitoringKey);
    await postAlert(`${ingest}/v1/alerts`, alert(unknownEnvironment, { environment: 'nobody-knows-me' }), platform.monitoringKey);

    const routed = await api<{ items: Array<{ fingerprint: string; environmentKey: string; unrouted: boolean }> }>('GET', `/v1/alerts?source=generic&unrouted=false`);
    expect(routed.body.items.find((a) => a.fingerprint === byPattern)).toMatchObject({ environmentKey: globex.key, unrouted: false });
    const unrouted = await eventually('both unrouted alerts listed', async () => {
      const page = await api<{ items: Array<{ fingerprint: string; unroutedReason: string }> }>('GET', '/v1/alerts/unrouted');
      const mine = page.body.items.filter((a) => [noRule, unknownEnvironment].includes(a.fingerprint));
      return mine.length === 2 ? mine : undefined;
    });
    expect(unrouted.find((a) => a.fingerprint === noRule)!.unroutedReason).toContain('no routing rule');
    expect(unrouted.find((a) => a.fingerprint === unknownEnvironment)!.unroutedReason).toContain('nobody-knows-me');
    expect((await api('GET', '/v1/alerts/unrouted', headOfMs)).status).toBe(200);
  });

  it('MON-2: 500 alerts for one environment from 20 concurrent senders, each also sent by an HA twin, open exactly one outage', async () => {
    const startsAt = new Date(testClock.nowMs() - 60_000).toISOString();
    const stormAlert = (alertIndex: number) => ({
      ...fixture<{ alerts: Array<Record<string, unknown>> }>('alertmanager-firing').alerts[0]!,
      fingerprint: `storm-${alertIndex}`,
      startsAt,
      labels: { environment: storm.key, alertname: `Storm${alertIndex}`, severity: 'critical' },
    });
    const sender = async (senderIndex: number) => {
      for (let i = 0; i < 25; i++) {
        // Each webhook carries this sender's alert and its HA twin's copy of the next sender's: 1,000 notifications of 500 alerts.
        const webhook = { ...fixture('alertmanager-firing'), alerts: [stormAlert(senderIndex * 25 + i), stormAlert(((senderIndex + 1) % 20) * 25 + i)] };
        const answer = await postAlert(`${ingest}/v1/alerts/alertmanager`, webhook, platform.monitoringKey);
        if (answer.status !== 200) throw new Error(`sender ${senderIndex} got ${answer.status}`);
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, s) => sender(s)));
    const open = await eventually('all 500 distinct alerts attached', async () => {
      const found = (await outagesOf(storm.environmentId)).filter((o) => o.state === 'OPEN');
      return found.length === 1 && found[0]!.alerts === 500 ? found : undefined;
    }, 30_000);
    expect(open).toHaveLength(1);
    const stored = await platform.query<{ n: number }>(`SELECT count(*)::int AS n FROM monitoring.alert_events WHERE fingerprint LIKE 'storm-%'`);
    expect(stored[0]!.n).toBe(500);
    const tickets = await platform.query<{ n: number }>(`SELECT count(*)::int AS n FROM ticketing.outages WHERE environment_id = $1 AND restored_at IS NULL AND closed_at IS NULL`, [storm.environmentId]);
    expect(tickets[0]!.n).toBe(1);
  });

  it('MON-3: staff resolving the outage ticket close the outage; the next alert opens a new one', async () => {
    const [open] = (await outagesOf(storm.environmentId)).filter((o) => o.state === 'OPEN');
    expect((await api('POST', `/v1/tickets/${open!.ticketId}/transitions`, staff, { to: 'IN_PROGRESS' })).status).toBe(200);
    expect((await api('POST', `/v1/tickets/${open!.ticketId}/transitions`, staff, { to: 'RESOLVED', resolution: 'DONE' })).status).toBe(200);
    await eventually('the outage closed by staff', async () => ((await outagesOf(storm.environmentId)).find((o) => o.id === open!.id)?.state === 'CLOSED' ? true : undefined));
    const again = { alerts: [{ key: 'storm-after-close', status: 'firing', startsAt: testClock.now().toISOString(), title: 'down again', labels: { environment: storm.key } }] };
    expect((await postAlert(`${ingest}/v1/alerts`, again, platform.monitoringKey)).status).toBe(200);
    await eventually('a new outage', async () => ((await outagesOf(storm.environmentId)).filter((o) => o.state === 'OPEN').length === 1 ? true : undefined));
  });

  it("MON-4: availability for a month in the customer's time zone, against its contracted uptime, tenant-scoped", async () => {
    // Months relative to the test clock, so this holds on any date: an outage of one hour across the
    // Berlin midnight that starts last month is half in the month before last, half in last month.
    const berlin = 'Europe/Berlin';
    const today = localDateOf(testClock.nowMs(), berlin);
    const monthStart = (monthsBack: number) => {
      const index = today.year * 12 + (today.month - 1) - monthsBack;
      return { year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 };
    };
    const label = (d: LocalDate) => `${d.year}-${String(d.month).padStart(2, '0')}`;
    const [monthBeforeLast, lastMonth, thisMonth] = [monthStart(2), monthStart(1), monthStart(0)];
    const boundary = instantOf(lastMonth, 0, berlin);
    const minutesOf = (from: LocalDate, to: LocalDate) => (instantOf(to, 0, berlin) - instantOf(from, 0, berlin)) / 60_000;
    const alert = (status: 'firing' | 'resolved') => ({
      alerts: [{
        key: 'initech-down', status, startsAt: new Date(boundary - 30 * 60_000).toISOString(),
        ...(status === 'resolved' ? { endsAt: new Date(boundary + 30 * 60_000).toISOString() } : {}), title: 'Jira down', labels: { environment: initech.key },
      }],
    });
    expect((await postAlert(`${ingest}/v1/alerts`, alert('firing'), platform.monitoringKey)).status).toBe(200);
    await eventually('the Initech outage', async () => ((await outagesOf(initech.environmentId)).length === 1 ? true : undefined));
    expect((await postAlert(`${ingest}/v1/alerts`, alert('resolved'), platform.monitoringKey)).status).toBe(200);
    await eventually('the Initech outage restored', async () => ((await outagesOf(initech.environmentId))[0]?.state === 'RESTORED' ? true : undefined));

    const before = await api<Record<string, unknown>>('GET', `/v1/environments/${initech.environmentId}/availability?month=${label(monthBeforeLast)}`);
    const periodMinutes = minutesOf(monthBeforeLast, lastMonth);
    const availabilityPercent = Math.round(((100 * (periodMinutes - 30)) / periodMinutes) * 10_000) / 10_000;
    expect(before).toEqual({
      status: 200,
      body: expect.objectContaining({
        month: label(monthBeforeLast),
        timeZone: berlin,
        periodStart: new Date(instantOf(monthBeforeLast, 0, berlin)).toISOString(),
        periodEnd: new Date(boundary).toISOString(),
        complete: true,
        periodMinutes,
        outageMinutes: 30,
        availabilityPercent,
        targetPercent: 99.95,
        met: availabilityPercent >= 99.95,
      }),
    });
    const last = await api<{ outageMinutes: number; complete: boolean; periodMinutes: number }>('GET', `/v1/environments/${initech.environmentId}/availability?month=${label(lastMonth)}`);
    expect(last.body).toMatchObject({ outageMinutes: 30, complete: true, periodMinutes: minutesOf(lastMonth, thisMonth) });
    const current = await api<{ outageMinutes: number; complete: boolean; periodEnd: string }>('GET', `/v1/environments/${initech.environmentId}/availability?month=${label(thisMonth)}`);
    expect(current.body).toMatchObject({ outageMinutes: 0, complete: false });
    // October 2026 in Berlin: 31 days less the hour summer time gives back = 44,700 minutes.
    const october2026 = await api<{ periodMinutes: number; complete: boolean }>('GET', `/v1/environments/${initech.environmentId}/availability?month=2026-10`);
    expect(october2026.body).toMatchObject({ periodMinutes: 44_700, complete: true });

    const acmeUser = await customerAccessToken(gateway, DEMO.customerUserEmail, platform.customerUserPassword);
    expect((await api('GET', `/v1/environments/${initech.environmentId}/availability?month=${label(lastMonth)}`, acmeUser)).status).toBe(404);
    const [acmeEnvironment] = await platform.query<{ id: string }>(`SELECT id FROM ticketing.environments WHERE key = $1`, [DEMO.environmentKey]);
    const own = await api<{ customerId: string }>('GET', `/v1/environments/${acmeEnvironment!.id}/availability?month=${label(lastMonth)}`, acmeUser);
    expect(own).toEqual({ status: 200, body: expect.objectContaining({ customerId: DEMO.customerId, environmentId: acmeEnvironment!.id }) });
    expect((await api('GET', `/v1/environments/${initech.environmentId}/availability?month=2026-13`)).status).toBe(400);
    expect((await api('GET', `/v1/environments/${initech.environmentId}/availability?month=${today.year + 1}-01`)).status).toBe(422);
    expect((await api('GET', '/v1/outages', acmeUser)).status).toBe(403);
  });

  it('MON-1: with a signing secret, only requests carrying a valid HMAC of their body are taken; removing it lifts the requirement', async () => {
    const issued = await api<{ signingSecret: string; header: string }>('POST', `/v1/integrations/${integrationId}/signing-secret`, headOfMs);
    expect(issued).toMatchObject({ status: 201, body: { header: 'X-Vigil-Signature' } });
    const secret = issued.body.signingSecret;
    const body = JSON.stringify({ alerts: [{ key: 'signed-probe', status: 'firing', startsAt: testClock.now().toISOString(), title: 'signed', labels: { environment: storm.key } }] });
    const send = (signature?: string) =>
      fetch(`${ingest}/v1/alerts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${platform.monitoringKey}`, 'content-type': 'application/json', ...(signature ? { 'x-vigil-signature': signature } : {}) },
        body,
      });
    const unsigned = await send();
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { type: string }).type).toBe('https://vigil.dev/problems/invalid-signature');
    expect((await send(signatureOf('a-guessed-secret', body))).status).toBe(401);
    expect((await send(signatureOf(secret, `${body} `))).status).toBe(401);
    expect(await platform.query(`SELECT 1 FROM monitoring.alert_events WHERE fingerprint = 'signed-probe'`)).toHaveLength(0);
    expect((await send(signatureOf(secret, body))).status).toBe(200);
    expect(await platform.query(`SELECT 1 FROM monitoring.alert_events WHERE fingerprint = 'signed-probe'`)).toHaveLength(1);
    const sealed = await platform.query<{ signing_secret_sealed: string }>(`SELECT signing_secret_sealed FROM monitoring.integrations WHERE id = $1`, [integrationId]);
    expect(sealed[0]!.signing_secret_sealed).not.toContain(secret);

    expect((await api('DELETE', `/v1/integrations/${integrationId}/signing-secret`, headOfMs)).status).toBe(200);
    expect((await send()).status).toBe(200);
  });
});
