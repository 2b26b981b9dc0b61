import { testClock } from '../support/clock';
import type { Client } from '@temporalio/client';
import { OutageSignals, outageWorkflowId, type OutageRecoveryState } from '@vigil/workflow-contracts';
import { eventually, TcpProxy } from '@vigil/testing';
import { alertmanagerFixture, postAlertmanager } from '../support/alerts';
import { DEMO, TestPlatform } from '../support/platform';

const TEAM_LEAD_AFTER_MS = 2_000;
const RECOVERY_TARGET_MS = 4_000;

/**
 * Rule 7a: ticketing cannot reach Temporal when an outage opens, and the
 * restoration arrives before it can again. Both workflow commands wait in
 * ticketing's outbox and go out in order once Temporal is back: the workflow
 * starts with the restoration already in hand, so although both deadlines
 * have long passed it neither escalates nor records a breach.
 */
describe('an outage restored before its workflow could start', () => {
  let platform: TestPlatform;
  let proxy: TcpProxy;
  let temporal: Client;

  beforeAll(async () => {
    proxy = await TcpProxy.to(process.env['VIGIL_TEST_TEMPORAL_ADDRESS']!);
    platform = await TestPlatform.start({
      services: ['monitoring-ingest', 'ticketing', 'notifications'],
      env: { OUTAGE_TEAM_LEAD_AFTER_MS: String(TEAM_LEAD_AFTER_MS), OUTAGE_RECOVERY_TARGET_MS: String(RECOVERY_TARGET_MS) },
      envFor: { ticketing: { TEMPORAL_ADDRESS: proxy.address } },
    });
    temporal = await platform.temporalClient();
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await proxy?.stop();
  }, 60_000);

  it('delivers start and restoration in order once Temporal is back: no escalation, no breach, restored', async () => {
    proxy.partition();
    const startsAt = new Date(testClock.nowMs() - 60_000); // both deadlines are past by the time the workflow can run
    const firing = alertmanagerFixture('alertmanager-firing', { startsAt, fingerprint: 'race-0001' });
    expect((await postAlertmanager(platform.url('monitoring-ingest'), firing, platform.monitoringKey)).status).toBe(200);
    const [outage] = await eventually('the outage', async () => {
      const rows = await platform.query<{ id: string; ticket_id: string }>(`SELECT id, ticket_id FROM ticketing.outages`);
      return rows.length === 1 ? rows : undefined;
    });
    const workflowId = outageWorkflowId(outage!.id);
    await eventually('a failed attempt to start the workflow', async () => {
      const [start] = await platform.query<{ attempts: number }>(`SELECT attempts FROM ticketing.workflow_commands WHERE workflow_id = $1 AND delivered_at IS NULL`, [workflowId]);
      return start && start.attempts > 0 ? start : undefined;
    }, 60_000);

    const resolved = alertmanagerFixture('alertmanager-resolved', { startsAt, endsAt: testClock.now(), fingerprint: 'race-0001' });
    expect((await postAlertmanager(platform.url('monitoring-ingest'), resolved, platform.monitoringKey)).status).toBe(200);
    await eventually('the outage restored', async () => {
      const [row] = await platform.query<{ restored_at: Date | null }>(`SELECT restored_at FROM ticketing.outages WHERE id = $1`, [outage!.id]);
      return row?.restored_at ? row : undefined;
    });
    const pending = await platform.query<{ signal_name: string | null }>(
      `SELECT signal_name FROM ticketing.workflow_commands WHERE workflow_id = $1 AND delivered_at IS NULL ORDER BY seq`,
      [workflowId],
    );
    expect(pending.map((c) => c.signal_name)).toEqual([null, OutageSignals.restored]);

    proxy.heal();
    const state = await eventually('the workflow', async () => {
      try {
        return (await temporal.workflow.getHandle(workflowId).result()) as OutageRecoveryState;
      } catch {
        return undefined; // not started yet
      }
    }, 90_000);
    expect(state).toMatchObject({ phase: 'RESTORED', teamLeadEscalated: false, targetBreached: false });
    expect(await platform.query(`SELECT 1 FROM ticketing.workflow_commands WHERE delivered_at IS NULL`)).toHaveLength(0);
    const [ticket] = await platform.query<{ recovery_target_breached_at: Date | null; recovered_at: Date | null }>(
      `SELECT recovery_target_breached_at, recovered_at FROM ticketing.tickets WHERE id = $1`,
      [outage!.ticket_id],
    );
    expect(ticket).toMatchObject({ recovery_target_breached_at: null, recovered_at: expect.any(Date) });
    await platform.smtp.waitFor('the customer notice of the outage ticket', (m) => m.to.includes(DEMO.customerEmail));
    expect(platform.smtp.to(DEMO.teamLeadEmail)).toHaveLength(0);
    expect(platform.smtp.to(DEMO.headOfManagedServicesEmail)).toHaveLength(0);
  });
});
