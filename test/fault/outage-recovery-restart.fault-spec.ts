import { testClock } from '../support/clock';
import type { Client } from '@temporalio/client';
import { OutageQueries, outageWorkflowId, type OutageRecoveryState } from '@vigil/workflow-contracts';
import { eventually } from '@vigil/testing';
import { alertmanagerFixture, postAlertmanager } from '../support/alerts';
import { DEMO, TestPlatform } from '../support/platform';

const TEAM_LEAD_AFTER_MS = 8_000;
const RECOVERY_TARGET_MS = 16_000;

/**
 * MON-3 durability: the workflow worker and both activity workers (ticketing,
 * notifications) are killed mid-outage and started again; every escalation
 * still fires, exactly once, on the alert's own clock (shortened timers).
 */
describe('outage recovery across worker restarts', () => {
  let platform: TestPlatform;
  let temporal: Client;

  beforeAll(async () => {
    platform = await TestPlatform.start({
      services: ['monitoring-ingest', 'ticketing', 'notifications'],
      workflowWorker: true,
      env: { OUTAGE_TEAM_LEAD_AFTER_MS: String(TEAM_LEAD_AFTER_MS), OUTAGE_RECOVERY_TARGET_MS: String(RECOVERY_TARGET_MS) },
    });
    temporal = await platform.temporalClient();
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  it('MON-3: on-call at once, team lead and breach after a crash of every worker, each once; restoration ends the workflow', async () => {
    const startsAt = testClock.now();
    const firing = alertmanagerFixture('alertmanager-firing', { startsAt, fingerprint: 'restart-0001' });
    expect((await postAlertmanager(platform.url('monitoring-ingest'), firing, platform.monitoringKey)).status).toBe(200);
    await platform.smtp.waitFor('the on-call email', (m) => m.to.includes(DEMO.oncallEmail));
    const [outage] = await platform.query<{ id: string; ticket_id: string }>(`SELECT id, ticket_id FROM ticketing.outages`);

    // Crash every worker that runs the workflow or its activities, before the team-lead deadline.
    await Promise.all(['workflow-worker', 'ticketing', 'notifications'].map((name) => platform.process(name as 'ticketing').stop('SIGKILL')));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await Promise.all(['workflow-worker', 'ticketing', 'notifications'].map((name) => platform.process(name as 'ticketing').start()));

    await platform.smtp.waitFor('the team-lead email', (m) => m.to.includes(DEMO.teamLeadEmail), 40_000);
    await platform.smtp.waitFor('the head-of-managed-services email', (m) => m.to.includes(DEMO.headOfManagedServicesEmail), 40_000);
    const handle = temporal.workflow.getHandle(outageWorkflowId(outage!.id));
    const state = await eventually('the breach recorded by the workflow', async () => {
      const current = await handle.query<OutageRecoveryState>(OutageQueries.state);
      return current.targetBreached ? current : undefined;
    });
    expect(state).toMatchObject({ phase: 'OPEN', teamLeadEscalated: true, targetBreached: true });

    // Give any duplicate a chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(platform.smtp.to(DEMO.oncallEmail)).toHaveLength(1);
    expect(platform.smtp.to(DEMO.teamLeadEmail)).toHaveLength(1);
    expect(platform.smtp.to(DEMO.headOfManagedServicesEmail)).toHaveLength(1);
    const [ticket] = await platform.query<{ recovery_target_breached_at: Date | null }>(`SELECT recovery_target_breached_at FROM ticketing.tickets WHERE id = $1`, [outage!.ticket_id]);
    expect(ticket!.recovery_target_breached_at?.toISOString()).toBe(new Date(startsAt.getTime() + RECOVERY_TARGET_MS).toISOString());
    const breaches = await platform.query(`SELECT 1 FROM ticketing.audit_log WHERE action = 'ticket.recovery-target-breached'`);
    expect(breaches).toHaveLength(1);

    const endsAt = testClock.now();
    const resolved = alertmanagerFixture('alertmanager-resolved', { startsAt, endsAt, fingerprint: 'restart-0001' });
    expect((await postAlertmanager(platform.url('monitoring-ingest'), resolved, platform.monitoringKey)).status).toBe(200);
    expect(await handle.result()).toMatchObject({ phase: 'RESTORED', restoredAt: endsAt.toISOString(), targetBreached: true });
  });
});
