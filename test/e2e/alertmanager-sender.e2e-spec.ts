import { testClock } from '../support/clock';
import type { Client } from '@temporalio/client';
import { outageWorkflowId } from '@vigil/workflow-contracts';
import { eventually, pushAlerts, startAlertmanager, type PushedAlert, type RunningAlertmanager } from '@vigil/testing';
import { DEMO, TestPlatform } from '../support/platform';

/**
 * A real sender (MON-1 … MON-3): Prometheus Alertmanager, built from Go
 * modules at a pinned version, notifies monitoring-ingest through its webhook
 * receiver with the integration key as bearer token. Alerts go into
 * Alertmanager's own API, firing and then resolved.
 */
describe('Prometheus Alertmanager as the sender', () => {
  let platform: TestPlatform;
  let alertmanager: RunningAlertmanager;
  let temporal: Client;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['monitoring-ingest', 'ticketing', 'notifications'], workflowWorker: true });
    alertmanager = await startAlertmanager(process.env['VIGIL_TEST_ALERTMANAGER_BIN']!, {
      url: `${platform.url('monitoring-ingest')}/v1/alerts/alertmanager`,
      bearerKey: platform.monitoringKey,
    });
    temporal = await platform.temporalClient();
  }, 120_000);

  afterAll(async () => {
    await alertmanager?.stop();
    await platform?.stop();
  }, 60_000);

  it('opens the outage ticket, runs the workflow, sends the emails and closes the outage with the recovery time from endsAt', async () => {
    const startsAt = new Date(testClock.nowMs() - 3 * 60_000);
    const alert: PushedAlert = {
      labels: { alertname: 'JiraDown', environment: DEMO.environmentKey, severity: 'critical', instance: 'jira.acme.example:443' },
      annotations: { summary: 'Jira for ACME does not answer over HTTPS' },
      startsAt: startsAt.toISOString(),
      generatorURL: 'http://prometheus.example/graph',
    };
    await pushAlerts(alertmanager.url, [alert]);

    const [outage] = await eventually('the outage from Alertmanager', async () => {
      const rows = await platform.query<{ id: string; ticket_id: string; started_at: Date }>(`SELECT id, ticket_id, started_at FROM ticketing.outages`);
      return rows.length > 0 ? rows : undefined;
    }, 30_000);
    expect(outage!.started_at.toISOString()).toBe(startsAt.toISOString());
    const [ticket] = await platform.query<{ type: string; severity: string; number: string }>(`SELECT type, severity, number FROM ticketing.tickets WHERE id = $1`, [outage!.ticket_id]);
    expect(ticket).toMatchObject({ type: 'OUTAGE', severity: 'S1' });
    const [stored] = await platform.query<{ source: string; group_key: string }>(`SELECT source, group_key FROM monitoring.alert_events WHERE status = 'firing'`);
    expect(stored!.source).toBe('alertmanager');
    expect(stored!.group_key).toContain('JiraDown'); // a real Alertmanager group key, not a fixture's

    // The workflow starts from the outage's event, a moment after the outage row commits.
    const workflow = await eventually('the outage workflow', () => temporal.workflow.getHandle(outageWorkflowId(outage!.id)).describe());
    expect(workflow.status.name).toBe('RUNNING');
    await platform.smtp.waitFor('the on-call email', (m) => m.to.includes(DEMO.oncallEmail) && m.subject.includes(`#${ticket!.number}`), 45_000);
    await platform.smtp.waitFor('the customer creation email', (m) => m.to.includes(DEMO.customerEmail));

    // Prometheus resolves an alert by pushing it again with an end in the past.
    const endsAt = new Date(testClock.nowMs() - 1_000);
    await pushAlerts(alertmanager.url, [{ ...alert, endsAt: endsAt.toISOString() }]);
    const result = await temporal.workflow.getHandle(outageWorkflowId(outage!.id)).result();
    expect(result).toMatchObject({ phase: 'RESTORED', restoredAt: endsAt.toISOString() });
    const [recovered] = await platform.query<{ recovered_at: Date; recovery_minutes: string }>(`SELECT recovered_at, recovery_minutes FROM ticketing.tickets WHERE id = $1`, [outage!.ticket_id]);
    expect(recovered!.recovered_at.toISOString()).toBe(endsAt.toISOString());
    expect(Number(recovered!.recovery_minutes)).toBeCloseTo((endsAt.getTime() - startsAt.getTime()) / 60_000, 2);
  });
});
