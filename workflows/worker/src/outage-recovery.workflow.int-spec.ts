import { SystemClock } from '@vigil/platform-clock';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  NOTIFICATIONS_ACTIVITY_QUEUE,
  OUTAGE_RECOVERY_WORKFLOW,
  OutageQueries,
  OutageSignals,
  TICKETING_ACTIVITY_QUEUE,
  type OutageNotificationActivities,
  type OutageRecoveryInput,
  type OutageRecoveryState,
  type OutageTicketingActivities,
} from '@vigil/workflow-contracts';
import { eventually } from '@vigil/testing';
import { installRuntimeOnce } from '@vigil/platform-temporal';

/** The workflows run on the Temporal server's clock, the machine's real one, which no test offset moves. */
const temporalTime = new SystemClock();
import { workflowBundle } from './workflow-worker';

/**
 * MON-3 against a real Temporal dev server (`@temporalio/testing` with the
 * pinned CLI binary as `existing-path`). Activities here only record their
 * calls: what they do is covered by the services' own tests and the e2e slice.
 * Deadlines are shrunk to seconds; the logic is the same.
 */
const HISTORIES = join(__dirname, '../histories');

describe('outage recovery workflow (MON-3)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let workerRun: Promise<void>;
  let activityWorkers: Worker[];
  const calls: Array<{ activity: string; outageId: string; breachedAt?: string }> = [];

  beforeAll(async () => {
    installRuntimeOnce(); // keeps the SDK's own logging at WARN
    env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: process.env['VIGIL_TEST_TEMPORAL_BIN']! }, extraArgs: ['--headless', '--log-level', 'warn'] },
    });
    const record = (activity: string) => async (input: { outageId: string; breachedAt?: string }) => {
      calls.push({ activity, outageId: input.outageId, ...(input.breachedAt ? { breachedAt: input.breachedAt } : {}) });
    };
    const notifications: OutageNotificationActivities = {
      notifyOnCall: record('notifyOnCall'),
      notifyTeamLead: record('notifyTeamLead'),
      notifyRecoveryTargetBreached: record('notifyRecoveryTargetBreached'),
    };
    const ticketing: OutageTicketingActivities = { recordRecoveryTargetBreach: record('recordRecoveryTargetBreach') };
    const taskQueue = 'vigil-workflows';
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue, ...workflowBundle() });
    activityWorkers = await Promise.all([
      Worker.create({ connection: env.nativeConnection, taskQueue: NOTIFICATIONS_ACTIVITY_QUEUE, activities: notifications }),
      Worker.create({ connection: env.nativeConnection, taskQueue: TICKETING_ACTIVITY_QUEUE, activities: ticketing }),
    ]);
    workerRun = Promise.all([worker.run(), ...activityWorkers.map((w) => w.run())]).then(() => undefined);
  }, 120_000);

  afterAll(async () => {
    for (const w of [worker, ...(activityWorkers ?? [])]) if (w?.getState() === 'RUNNING') w.shutdown();
    await workerRun;
    await env?.teardown();
  });

  const start = (overrides: Partial<OutageRecoveryInput> = {}) => {
    const input: OutageRecoveryInput = {
      outageId: randomUUID(),
      ticketId: randomUUID(),
      ticketNumber: 42,
      customerId: randomUUID(),
      environmentName: 'ACME PROD Jira',
      startedAt: temporalTime.isoNow(),
      teamLeadAfterMs: 1_500,
      recoveryTargetMs: 3_000,
      ...overrides,
    };
    return env.client.workflow
      .start(OUTAGE_RECOVERY_WORKFLOW, { taskQueue: 'vigil-workflows', workflowId: `outage-${input.outageId}`, args: [input] })
      .then((handle) => ({ handle, input }));
  };
  const callsFor = (outageId: string) => calls.filter((c) => c.outageId === outageId).map((c) => c.activity);

  it('notifies on-call at once and ends quietly when service is restored in time', async () => {
    const { handle, input } = await start({ teamLeadAfterMs: 60_000, recoveryTargetMs: 120_000 });
    await eventually('the on-call notification', () => (callsFor(input.outageId).includes('notifyOnCall') ? true : undefined));
    await handle.signal(OutageSignals.restored, { restoredAt: '2026-11-22T10:00:00.000Z' });
    const result = await handle.result();
    expect(result).toEqual<OutageRecoveryState>({ phase: 'RESTORED', teamLeadEscalated: false, targetBreached: false, restoredAt: '2026-11-22T10:00:00.000Z' });
    expect(callsFor(input.outageId)).toEqual(['notifyOnCall']);
  });

  it('escalates to the team lead when nobody takes it, then records and reports the breach at the target', async () => {
    const { handle, input } = await start();
    await eventually('the breach notification', () => (callsFor(input.outageId).includes('notifyRecoveryTargetBreached') ? true : undefined), 15_000);
    expect(callsFor(input.outageId)).toEqual(['notifyOnCall', 'notifyTeamLead', 'recordRecoveryTargetBreach', 'notifyRecoveryTargetBreached']);
    const breach = calls.find((c) => c.outageId === input.outageId && c.activity === 'recordRecoveryTargetBreach');
    // The breach time is the deadline itself, counted from the alert's start, not when the timer fired.
    expect(breach?.breachedAt).toBe(new Date(Date.parse(input.startedAt) + input.recoveryTargetMs).toISOString());
    expect(await handle.query<OutageRecoveryState>(OutageQueries.state)).toMatchObject({ phase: 'OPEN', teamLeadEscalated: true, targetBreached: true });

    await handle.signal(OutageSignals.closed);
    expect(await handle.result()).toMatchObject({ phase: 'CLOSED', targetBreached: true });
    const version = process.env['VIGIL_RECORD_WORKFLOW_HISTORY'];
    if (version) {
      // Run once with VIGIL_RECORD_WORKFLOW_HISTORY=<version> when the workflow changes shape on purpose: keeps a
      // history of this version for the replay test, as outage-recovery-<version>-<shape>.json.
      mkdirSync(HISTORIES, { recursive: true });
      // The CLI writes the canonical JSON form (historyToJSON trips over jest's separate realm).
      const json = execFileSync(process.env['VIGIL_TEST_TEMPORAL_BIN']!, ['workflow', 'show', '--address', env.address, '--workflow-id', handle.workflowId, '--output', 'json']);
      writeFileSync(join(HISTORIES, `outage-recovery-${version}-escalated-breached-closed.json`), json);
    }
  });

  it('replays the recorded histories of earlier versions without nondeterminism (a change that breaks running workflows fails here)', async () => {
    const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')));
      await expect(Worker.runReplayHistory({ ...workflowBundle(), replayName: file }, history)).resolves.toBeUndefined();
    }
  });

  it('does not escalate to the team lead once someone has taken the outage', async () => {
    const { handle, input } = await start({ teamLeadAfterMs: 1_500, recoveryTargetMs: 60_000 });
    await handle.signal(OutageSignals.acknowledged);
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // past the team-lead deadline
    expect(await handle.query<OutageRecoveryState>(OutageQueries.state)).toMatchObject({ phase: 'ACKNOWLEDGED', teamLeadEscalated: false });
    await handle.signal(OutageSignals.restored, { restoredAt: temporalTime.isoNow() });
    await handle.result();
    expect(callsFor(input.outageId)).toEqual(['notifyOnCall']);
  });

  it('counts deadlines from the alert start: an outage that began 40 minutes ago is escalated and breached at once', async () => {
    const { handle, input } = await start({ startedAt: new Date(temporalTime.nowMs() - 40 * 60_000).toISOString(), teamLeadAfterMs: 10 * 60_000, recoveryTargetMs: 30 * 60_000 });
    await eventually('the breach notification', () => (callsFor(input.outageId).includes('notifyRecoveryTargetBreached') ? true : undefined));
    await handle.signal(OutageSignals.restored, { restoredAt: temporalTime.isoNow() });
    expect(await handle.result()).toMatchObject({ phase: 'RESTORED', teamLeadEscalated: true, targetBreached: true });
  });
});
