import { Client as PgClient } from 'pg';
import { eventually } from '@vigil/testing';
import { TestPlatform } from '../support/platform';
import { fixture, postAlert, type Answer } from '../support/alert-senders';

/**
 * MON-1 back-pressure: beyond the in-flight bound, or when the database
 * fails, a valid alert is refused for now (Alertmanager and generic: 503;
 * PagerDuty: 429 when busy), always with Retry-After, never for good and never
 * after a 2xx without a commit.
 */
describe('alert intake under pressure', () => {
  let platform: TestPlatform;
  let ingest: string;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['monitoring-ingest'], workflowWorker: false, env: { MONITORING_INGEST_MAX_IN_FLIGHT: '2' } });
    ingest = platform.url('monitoring-ingest');
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const webhook = (fingerprint: string) => {
    const body = fixture<{ alerts: Array<Record<string, unknown>> }>('alertmanager-firing');
    body.alerts[0]!['fingerprint'] = fingerprint;
    return body;
  };
  const stored = async () => (await platform.query<{ fingerprint: string }>(`SELECT fingerprint FROM monitoring.alert_events ORDER BY fingerprint`)).map((r) => r.fingerprint);

  it('answers 503 (Alertmanager) and 429 (PagerDuty) with Retry-After while full, stores those later, and nothing is lost', async () => {
    expect(await postAlert(`${ingest}/v1/alerts/alertmanager`, webhook('stored-before'), platform.monitoringKey)).toMatchObject({ status: 200, body: { received: 1, recorded: 1 } });
    // Every accepting transaction inserts into alert_events: a SHARE lock on it keeps two requests in flight.
    const blocker = new PgClient({ connectionString: platform.databaseUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE monitoring.alert_events IN SHARE MODE');
    const held = [postAlert(`${ingest}/v1/alerts/alertmanager`, webhook('held-1'), platform.monitoringKey), postAlert(`${ingest}/v1/alerts/alertmanager`, webhook('held-2'), platform.monitoringKey)];
    await eventually('two requests waiting on the lock', async () => {
      const { rows } = await blocker.query(`SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'monitoring.alert_events'::regclass AND NOT granted`);
      return rows[0].n === 2 ? true : undefined;
    });

    const busyAlertmanager = await postAlert(`${ingest}/v1/alerts/alertmanager`, webhook('refused-am'), platform.monitoringKey);
    const busyPagerDuty = await postAlert(`${ingest}/v2/enqueue`, { ...fixture('pagerduty-trigger'), routing_key: platform.monitoringKey, dedup_key: 'refused-pd' });
    expect(busyAlertmanager).toMatchObject({ status: 503, retryAfter: '5', body: { type: 'https://vigil.dev/problems/alert-intake-busy' } });
    expect(busyPagerDuty).toMatchObject({ status: 429, retryAfter: '5', contentType: expect.stringMatching(/^application\/json/), body: { status: 'throttle event' } });
    // A repeat of a committed alert would store nothing: it is answered even now, without the database.
    expect(await postAlert(`${ingest}/v1/alerts/alertmanager`, webhook('stored-before'), platform.monitoringKey)).toMatchObject({ status: 200, body: { received: 1, recorded: 0 } });

    await blocker.query('COMMIT');
    await blocker.end();
    expect((await Promise.all(held)).map((a: Answer) => a.status)).toEqual([200, 200]);
    expect(await stored()).toEqual(['held-1', 'held-2', 'stored-before']);

    // The senders retry, as they do on 503/429, and are taken.
    expect((await postAlert(`${ingest}/v1/alerts/alertmanager`, webhook('refused-am'), platform.monitoringKey)).status).toBe(200);
    expect((await postAlert(`${ingest}/v2/enqueue`, { ...fixture('pagerduty-trigger'), routing_key: platform.monitoringKey, dedup_key: 'refused-pd' })).status).toBe(202);
    expect(await stored()).toEqual(['held-1', 'held-2', 'refused-am', 'refused-pd', 'stored-before']);
  });

  it('answers 503 to every format when the database cannot store alerts, and stores them once it can', async () => {
    await platform.query(`ALTER TABLE monitoring.alert_events RENAME TO alert_events_away`);
    try {
      const alertmanager = await postAlert(`${ingest}/v1/alerts/alertmanager`, webhook('db-broken'), platform.monitoringKey);
      const pagerDuty = await postAlert(`${ingest}/v2/enqueue`, { ...fixture('pagerduty-trigger'), routing_key: platform.monitoringKey, dedup_key: 'db-broken-pd' });
      expect(alertmanager).toMatchObject({ status: 503, retryAfter: '5', body: { type: 'https://vigil.dev/problems/alert-intake-unavailable' } });
      expect(pagerDuty).toMatchObject({ status: 503, retryAfter: '5', contentType: expect.stringMatching(/^application\/json/), body: { status: 'unavailable' } });
    } finally {
      await platform.query(`ALTER TABLE monitoring.alert_events_away RENAME TO alert_events`);
    }
    // Refused means not remembered as stored: the retry is stored, not answered from memory.
    expect(await postAlert(`${ingest}/v1/alerts/alertmanager`, webhook('db-broken'), platform.monitoringKey)).toMatchObject({ status: 200, body: { recorded: 1 } });
    expect((await postAlert(`${ingest}/v2/enqueue`, { ...fixture('pagerduty-trigger'), routing_key: platform.monitoringKey, dedup_key: 'db-broken-pd' })).status).toBe(202);
    expect(await stored()).toEqual(expect.arrayContaining(['db-broken', 'db-broken-pd']));
  });
});
