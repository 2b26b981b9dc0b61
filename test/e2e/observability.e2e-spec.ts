import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO, TestPlatform, type ProcessName } from '../support/platform';
import { StaffSession } from '../support/staff-session';
import { alertmanagerFixture, postAlertmanager } from '../support/alerts';
import { testClock } from '../support/clock';
import { eventually, exposedMetricNames, metricNamesIn, REPO_ROOT } from '@vigil/testing';
import { SERVICES } from '../setup/services';
import { hotp, totpStep } from '../../services/identity/src/totp/totp';

/**
 * Issue 12, "Observability an SRE can use": what every process exposes to
 * Prometheus, that the dashboard reads only what is exposed, and the JSON logs.
 * One platform, debug logging (LOG_LEVEL from configuration).
 */
describe('observability (issue 12)', () => {
  let platform: TestPlatform;
  const processes: ProcessName[] = [...(Object.keys(SERVICES) as Array<keyof typeof SERVICES>), 'workflow-worker'];
  const requestId = `obs-${randomUUID()}`;
  let signedIn: { accessToken: string; refreshToken: string };

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: Object.keys(SERVICES) as Array<keyof typeof SERVICES>, env: { LOG_LEVEL: 'debug' } });
    // Traffic for every kind of metric: a sign-in (HTTP, gateway → identity RPC), a read with a
    // bearer token, and an outage alert (ingest, outbox, consumers, the workflow and its activities).
    const staff = new StaffSession(platform.url('api-gateway'), DEMO.staffEmail, platform.staffTotpSecret);
    const signIn = await fetch(`${platform.url('api-gateway')}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ email: DEMO.staffEmail, password: platform.staffPassword, totpCode: await currentCode() }),
    });
    expect(signIn.status).toBe(200);
    signedIn = (await signIn.json()) as typeof signedIn;
    expect((await fetch(`${platform.url('api-gateway')}/v1/tickets/${randomUUID()}`, { headers: { authorization: `Bearer ${signedIn.accessToken}` } })).status).toBe(404);
    expect((await staff.signInWithCode('not the password', '000000')).status).toBe(401);
    const alert = await postAlertmanager(platform.url('monitoring-ingest'), alertmanagerFixture('alertmanager-firing', { startsAt: new Date(testClock.nowMs() - 60_000) }), platform.monitoringKey);
    expect(alert.status).toBe(200);
    await eventually('the outage recovery workflow to run its first activity', async () => {
      const rows = await platform.query(`SELECT 1 FROM notifications.emails LIMIT 1`);
      return rows.length > 0 ? true : undefined;
    });
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  async function currentCode(): Promise<string> {
    return hotp(platform.staffTotpSecret, totpStep(testClock.now()));
  }

  async function scrape(name: ProcessName): Promise<string> {
    const response = await fetch(platform.metricsUrl(name));
    expect({ name, status: response.status }).toEqual({ name, status: 200 });
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  }

  const dashboard = JSON.parse(readFileSync(join(REPO_ROOT, 'deploy/grafana/dashboards/vigil.json'), 'utf8')) as {
    panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
    templating: { list: Array<{ query: { query: string } | string }> };
  };
  const dashboardExpressions = [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr }))),
    ...dashboard.templating.list.map((variable) => ({ panel: 'variable', expr: typeof variable.query === 'string' ? variable.query : variable.query.query })),
  ];
  /** Series Prometheus adds itself for every target; no process exposes them. */
  const PROMETHEUS_OWN = new Set(['up']);

  it('issue 12, metrics: every process serves Prometheus metrics on its metrics port, each series labelled with its service', async () => {
    for (const name of processes) {
      const text = await scrape(name);
      expect({ name, eventLoopLag: text.includes(`nodejs_eventloop_lag_p99_seconds{service="${name}"}`) }).toEqual({ name, eventLoopLag: true });
    }
  });

  it('issue 12, metrics: the public gateway port does not serve /metrics (it is on the internal metrics listener only)', async () => {
    const response = await fetch(`${platform.url('api-gateway')}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('nodejs_eventloop_lag');
  });

  it('issue 12, metrics: HTTP series are per route template, not per raw URL; RPC latency on both sides; pool, outbox, consumer lag, ingest and Temporal measured', async () => {
    const gateway = await scrape('api-gateway');
    expect(gateway).toMatch(/vigil_http_server_request_duration_seconds_count\{[^}]*route="\/v1\/tickets\/:ticketId"[^}]*status_code="404"[^}]*\} 1/);
    expect(gateway).not.toMatch(/route="\/v1\/tickets\/[0-9a-f]{8}-/);
    expect(gateway).toMatch(/vigil_rpc_client_duration_seconds_count\{[^}]*subject="rpc\.identity\.[^"]*sign[^"]*"[^}]*outcome="ok"/i);
    const identity = await scrape('identity');
    expect(identity).toMatch(/vigil_rpc_server_duration_seconds_count\{[^}]*subject="rpc\.identity\.[^"]*sign[^"]*"[^}]*outcome="ok"/i);
    expect(identity).toMatch(/vigil_db_pool_max_connections\{service="identity"\} 10/);
    const ticketing = await scrape('ticketing');
    expect(ticketing).toMatch(/vigil_jetstream_consumer_pending_messages\{[^}]*consumer="ticketing-alerts"[^}]*\} \d+/);
    expect(ticketing).toMatch(/vigil_consumer_dead_letters_total\{[^}]*consumer="ticketing-alerts"[^}]*\} 0/);
    // The outage workflow's first activities (ticketing's and notifications' workers) complete a moment after the alert.
    await eventually('a completed activity in ticketing\'s or notifications\' metrics', async () => {
      const both = `${await scrape('ticketing')}${await scrape('notifications')}`;
      return /vigil_temporal_activity_duration_seconds_count\{[^}]*outcome="completed"[^}]*\} [1-9]/.test(both) ? true : undefined;
    });
    const ingest = await scrape('monitoring-ingest');
    expect(ingest).toMatch(/vigil_ingest_in_flight_requests\{service="monitoring-ingest"\} 0/);
    expect(ingest).toMatch(/vigil_ingest_refused_total\{reason="busy",service="monitoring-ingest"\} 0/);
    expect(ingest).toMatch(/vigil_outbox_backlog\{service="monitoring-ingest"\} \d+/);
    expect(ingest).toMatch(/vigil_outbox_oldest_unpublished_age_seconds\{service="monitoring-ingest"\} [\d.e+-]+/);
    const worker = await scrape('workflow-worker');
    expect(worker).toMatch(/vigil_temporal_workflow_executions_total\{[^}]*workflow_type="outageRecovery[^"]*"[^}]*outcome="started"[^}]*\} 1/);
  });

  it('issue 12, acceptance: every metric the Grafana dashboard queries is exposed by some process (screenshot-free check)', async () => {
    const exposed = new Set<string>();
    for (const name of processes) for (const metric of exposedMetricNames(await scrape(name))) exposed.add(metric);
    const referenced = dashboardExpressions.flatMap(({ panel, expr }) => metricNamesIn(expr).map((metric) => ({ panel, metric })));
    expect(new Set(referenced.map((r) => r.metric)).size).toBeGreaterThanOrEqual(20); // the parser found the dashboard's metrics at all
    const missing = referenced.filter(({ metric }) => !exposed.has(metric) && !PROMETHEUS_OWN.has(metric));
    expect(missing).toEqual([]);
  });

  it('issue 12, metrics: the Prometheus scrape config targets every process on the port compose gives it; Grafana is provisioned with that Prometheus and the dashboard', () => {
    const scrapeConfig = readFileSync(join(REPO_ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8');
    const targets = [...scrapeConfig.matchAll(/^\s*-\s*([a-z0-9-]+):(\d+)\s*$/gm)].map((m) => ({ host: m[1]!, port: m[2]! }));
    expect(targets.map((t) => t.host).sort()).toEqual([...processes].sort());
    const compose = readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
    const metricsPort = /^\s+METRICS_PORT:\s*"?(\d+)"?/m.exec(compose)?.[1];
    for (const { host, port } of targets) {
      expect({ host, isComposeService: new RegExp(`^  ${host}:$`, 'm').test(compose), port }).toEqual({ host, isComposeService: true, port: metricsPort });
    }
    expect(compose).not.toMatch(new RegExp(`"[0-9.:]*${metricsPort}:${metricsPort}"`)); // never published to the host
    expect(compose).toContain('./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
    expect(compose).toMatch(/image: prom\/prometheus:v\d+\.\d+\.\d+\n/);
    expect(compose).toMatch(/image: grafana\/grafana:\d+\.\d+\.\d+\n/);
    expect(compose).toContain('./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro');
    const datasource = readFileSync(join(REPO_ROOT, 'deploy/grafana/provisioning/datasources/prometheus.yml'), 'utf8');
    expect(datasource).toContain('uid: prometheus');
    expect(datasource).toContain('url: http://prometheus:9090');
    expect(readFileSync(join(REPO_ROOT, 'deploy/grafana/provisioning/dashboards/vigil.yml'), 'utf8')).toContain('path: /var/lib/grafana/dashboards');
  });

  /** This platform's lines of a process log (the file is shared with other test files running the same process). */
  function logLines(name: ProcessName): string[] {
    return readFileSync(platform.logFile(name), 'utf8').split('\n');
  }

  it('issue 12, logs: a request\'s log lines are JSON carrying the trace id and span id the OTLP receiver saw for it, and its request id', async () => {
    const line = await eventually('the gateway\'s log line for the sign-in', () => logLines('api-gateway').find((l) => l.includes(requestId)));
    const ours = logLines('api-gateway').filter((l) => l.includes(requestId));
    const entries = ours.map((l) => JSON.parse(l) as Record<string, unknown>); // every one is JSON
    const completed = entries.find((e) => e['msg'] === 'request completed');
    expect(completed).toMatchObject({ level: 'info', service: 'api-gateway', request_id: requestId, http: { method: 'POST', route: '/v1/auth/sign-in', status_code: 200 } });
    expect(JSON.parse(line)).toHaveProperty('trace_id');
    const traceId = completed!['trace_id'] as string;
    const span = await eventually('the gateway\'s server span of the sign-in at the OTLP receiver', () =>
      platform.otlp.spans.find((s) => s.service === 'api-gateway' && s.traceId === traceId && s.kind === 2),
    );
    expect(span.attributes['http.route']).toBe('/v1/auth/sign-in');
    expect(completed!['span_id']).toBe(span.spanId);
    // identity served the sign-in in the same trace; whatever it logged for it is JSON with the same ids.
    await eventually('identity\'s span in the sign-in trace', () => platform.otlp.spans.find((s) => s.service === 'identity' && s.traceId === traceId));
    for (const l of logLines('identity').filter((l) => l.includes(traceId))) expect(JSON.parse(l)).toMatchObject({ trace_id: traceId, service: 'identity' });
  });

  it('issue 12, logs: the log level comes from configuration (LOG_LEVEL=debug writes the health probes\' request lines)', () => {
    const probes = logLines('ticketing').filter((l) => l.includes('"route":"/health/ready"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.every((p) => p['level'] === 'debug')).toBe(true);
  });

  it('issue 12, logs: no password, TOTP secret, access or refresh token or authorization header appears in any process\'s log', () => {
    const secrets = { password: platform.staffPassword, accessToken: signedIn.accessToken, refreshToken: signedIn.refreshToken, monitoringKey: platform.monitoringKey, totpSecret: platform.staffTotpSecret.toString('hex') };
    for (const name of processes) {
      const text = readFileSync(platform.logFile(name), 'utf8');
      for (const [what, secret] of Object.entries(secrets)) expect({ name, what, logged: text.includes(secret) }).toEqual({ name, what, logged: false });
      expect({ name, bearer: /authorization"?\s*:\s*"Bearer /i.test(text) }).toEqual({ name, bearer: false });
    }
  });
});
