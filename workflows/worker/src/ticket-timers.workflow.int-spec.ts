import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { tsToMs } from '@temporalio/common/lib/time';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  TICKET_TIMERS_WORKFLOW,
  TICKETING_ACTIVITY_QUEUE,
  TicketSignals,
  ticketWorkflowId,
  type TicketTimerActivities,
  type TicketTimerPlan,
  type TicketTimersInput,
  type WorkflowCommandMemo,
} from '@vigil/workflow-contracts';
import { eventually, firstWorkflowTaskBackoffMs } from '@vigil/testing';
import { installRuntimeOnce } from '@vigil/platform-temporal';
import { workflowBundle } from './workflow-worker';

/**
 * The ticket timers workflow (TKT-2 breach, TKT-5 waiting automations)
 * against a real Temporal dev server. Ticketing's activities are stand-ins
 * that hand out scripted plans and record their calls; what the real ones do
 * is covered by ticketing's e2e tests. Nothing here waits on a timer: the
 * waits are read from the workflow's history, and the timers the tests let
 * fire are due at once.
 */
const HISTORIES = join(__dirname, '../histories');
const TASK_QUEUE = 'vigil-workflows';
/** A wait of 0 is a timer all the same: the SDK starts Temporal's shortest, 1 ms. */
const DUE_AT_ONCE_MS = 1;

describe('ticket timers workflow (TKT-2, TKT-5)', () => {
  let env: TestWorkflowEnvironment;
  let workers: Worker[];
  let workersRun: Promise<void>;
  /** Per ticket: the plans ticketing hands out, in order (then "nothing pending"), and the calls it saw. */
  const plans = new Map<string, TicketTimerPlan[]>();
  const calls: Array<{ activity: string; ticketId: string }> = [];

  beforeAll(async () => {
    installRuntimeOnce(); // keeps the SDK's own logging at WARN
    env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: process.env['VIGIL_TEST_TEMPORAL_BIN']! }, extraArgs: ['--headless', '--log-level', 'warn'] },
    });
    const record = (activity: string, ticketId: string) => calls.push({ activity, ticketId });
    const ticketing: TicketTimerActivities = {
      planTicketTimers: async ({ ticketId }) => {
        record('planTicketTimers', ticketId);
        return plans.get(ticketId)?.shift() ?? { nextAt: null };
      },
      runDueTicketTimers: async ({ ticketId }) => {
        record('runDueTicketTimers', ticketId);
      },
    };
    workers = await Promise.all([
      Worker.create({ connection: env.nativeConnection, taskQueue: TASK_QUEUE, ...workflowBundle() }),
      Worker.create({ connection: env.nativeConnection, taskQueue: TICKETING_ACTIVITY_QUEUE, activities: ticketing }),
    ]);
    workersRun = Promise.all(workers.map((w) => w.run())).then(() => undefined);
  }, 120_000);

  afterAll(async () => {
    for (const w of workers ?? []) if (w.getState() === 'RUNNING') w.shutdown();
    await workersRun;
    await env?.teardown();
  });

  // The workflow sleeps waitMs; nextAt is ticketing's record of when, and only "null or not" matters to the workflow.
  const inAnHour: TicketTimerPlan = { nextAt: '2026-11-23T11:00:00.000Z', waitMs: 3_600_000 };
  const inFiveMinutes: TicketTimerPlan = { nextAt: '2026-11-23T10:05:00.000Z', waitMs: 300_000 };
  const dueNow: TicketTimerPlan = { nextAt: '2026-11-23T10:00:00.000Z', waitMs: 0 };
  const callsFor = (ticketId: string) => calls.filter((c) => c.ticketId === ticketId).map((c) => c.activity);

  /** As ticketing's workflow-command relay delivers a ticket change: signal-with-start. */
  const signalWithStart = async (input: TicketTimersInput, options: { memo?: Record<string, unknown> } = {}) =>
    env.client.workflow.signalWithStart(TICKET_TIMERS_WORKFLOW, {
      taskQueue: TASK_QUEUE,
      workflowId: ticketWorkflowId(input.ticketId),
      args: [input],
      signal: TicketSignals.changed,
      signalArgs: [],
      ...options,
    });

  /** As the relay delivers a new ticket's start command: a start, with how long the command waited in the outbox. */
  const start = async (input: TicketTimersInput, memo?: WorkflowCommandMemo) =>
    env.client.workflow.start(TICKET_TIMERS_WORKFLOW, { taskQueue: TASK_QUEUE, workflowId: ticketWorkflowId(input.ticketId), args: [input], ...(memo ? { memo: { ...memo } } : {}) });

  /**
   * Run once with VIGIL_RECORD_WORKFLOW_HISTORY=<version> when the workflow changes shape on purpose: keeps this
   * run's history as ticket-timers-<version>-<shape>.json for the replay test.
   */
  const keepHistory = (handle: WorkflowHandle, shape: string) => {
    const version = process.env['VIGIL_RECORD_WORKFLOW_HISTORY'];
    if (!version) return;
    mkdirSync(HISTORIES, { recursive: true });
    const json = execFileSync(process.env['VIGIL_TEST_TEMPORAL_BIN']!, ['workflow', 'show', '--address', env.address, '--workflow-id', handle.workflowId, '--output', 'json']);
    writeFileSync(join(HISTORIES, `ticket-timers-${version}-${shape}.json`), json);
  };

  /** As the relay delivers a new ticket's start command now: held back by Temporal for what is left of its first wait. */
  const startHeldBack = async (input: TicketTimersInput, startDelayMs: number) =>
    env.client.workflow.start(TICKET_TIMERS_WORKFLOW, {
      taskQueue: TASK_QUEUE,
      workflowId: ticketWorkflowId(input.ticketId),
      args: [{ ...input, firstWaitAsStartDelay: true }],
      startDelay: startDelayMs,
    });


  /** The durations of the timers the workflow has started so far, in ms. */
  const timersStarted = async (handle: WorkflowHandle) =>
    ((await handle.fetchHistory()).events ?? [])
      .map((e) => e.timerStartedEventAttributes?.startToFireTimeout)
      .filter((d) => d != null)
      .map((d) => tsToMs(d));
  const firstTimer = (handle: WorkflowHandle) => eventually('the first timer', async () => (await timersStarted(handle))[0]);
  /** The activities the run has scheduled, from its history (the calls recorded may lag behind). */
  const activitiesScheduled = async (handle: WorkflowHandle) =>
    ((await handle.fetchHistory()).events ?? []).map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter((name) => name != null);

  it('TKT-2: a run asks ticketing for its plan, has a due timer acted on, replans, sleeps, and replans when the ticket changes meanwhile', async () => {
    const ticketId = randomUUID();
    plans.set(ticketId, [dueNow, inAnHour]);
    const handle = await signalWithStart({ ticketId });
    expect(await eventually('the second timer', async () => ((await timersStarted(handle)).length === 2 ? timersStarted(handle) : undefined))).toEqual([DUE_AT_ONCE_MS, 3_600_000]);
    expect(callsFor(ticketId)).toEqual(['planTicketTimers', 'runDueTicketTimers', 'planTicketTimers']);
    await handle.signal(TicketSignals.changed); // the new plan: nothing pending, so the run ends
    await handle.result();
    expect(callsFor(ticketId)).toEqual(['planTicketTimers', 'runDueTicketTimers', 'planTicketTimers', 'planTicketTimers']);
    keepHistory(handle, 'planned-due-changed');
  });

  it('TKT-2: a new ticket\'s run starts with its first plan: it sleeps at once without asking ticketing, and a change meanwhile replans', async () => {
    const ticketId = randomUUID();
    const handle = await start({ ticketId, firstPlan: inFiveMinutes });
    expect(await firstTimer(handle)).toBe(300_000);
    expect(await activitiesScheduled(handle)).toEqual([]);
    await handle.signal(TicketSignals.changed); // the new plan: nothing pending, so the run ends
    await handle.result();
    expect(callsFor(ticketId)).toEqual(['planTicketTimers']);
  });

  it('TKT-2: the first wait is shorter by the time the start command waited in the outbox (memo queuedForMs)', async () => {
    const ticketId = randomUUID();
    const handle = await start({ ticketId, firstPlan: inFiveMinutes }, { queuedForMs: 1_500 });
    expect(await firstTimer(handle)).toBe(300_000 - 1_500);
    expect(await activitiesScheduled(handle)).toEqual([]);
    await handle.signal(TicketSignals.changed);
    await handle.result();
  });

  it('TKT-2: a first plan further out than 10 minutes is trusted for 10 minutes only (a worker delay at start is invisible to the run), then ticketing plans', async () => {
    const ticketId = randomUUID();
    const handle = await start({ ticketId, firstPlan: inAnHour }, { queuedForMs: 1_500 });
    expect(await firstTimer(handle)).toBe(600_000);
    expect(await activitiesScheduled(handle)).toEqual([]);
    await handle.signal(TicketSignals.changed);
    await handle.result();
    expect(callsFor(ticketId)).toEqual(['planTicketTimers']);
  });

  it('TKT-5: a first plan that came due while its command waited in the outbox has ticketing act at once, then plans through ticketing', async () => {
    const ticketId = randomUUID();
    const handle = await start({ ticketId, firstPlan: { nextAt: '2026-11-23T10:00:01.000Z', waitMs: 1_000 } }, { queuedForMs: 5_000 });
    await handle.result();
    expect(await timersStarted(handle)).toEqual([DUE_AT_ONCE_MS]);
    expect(callsFor(ticketId)).toEqual(['runDueTicketTimers', 'planTicketTimers']);
  });

  it('TKT-2: a first plan with nothing pending ends the run without asking ticketing', async () => {
    const ticketId = randomUUID();
    const handle = await start({ ticketId, firstPlan: { nextAt: null } });
    await handle.result();
    expect(await activitiesScheduled(handle)).toEqual([]);
    expect(callsFor(ticketId)).toEqual([]);
  });

  it('TKT-2: a change that reaches the run with its start is newer than the first plan: the run plans through ticketing', async () => {
    const ticketId = randomUUID();
    plans.set(ticketId, [{ nextAt: '2026-11-23T12:00:00.000Z', waitMs: 7_200_000 }]);
    const handle = await signalWithStart({ ticketId, firstPlan: inAnHour });
    expect(await firstTimer(handle)).toBe(7_200_000);
    expect(callsFor(ticketId)).toEqual(['planTicketTimers']);
    await handle.signal(TicketSignals.changed);
    await handle.result();
  });

  it('issue 19: a new ticket\'s run held back by its first wait runs nothing meanwhile; a change (signal-with-start) starts it at once and it plans through ticketing', async () => {
    const ticketId = randomUUID();
    const handle = await startHeldBack({ ticketId, firstPlan: inFiveMinutes }, 300_000);
    expect(await firstWorkflowTaskBackoffMs(handle)).toBe(300_000);
    await signalWithStart({ ticketId }); // as the relay delivers the ticket's first change
    await handle.result(); // nothing pending in the new plan: the run ends
    expect(callsFor(ticketId)).toEqual(['planTicketTimers']);
    expect(await timersStarted(handle)).toEqual([]);
  });

  it('issue 19 / TKT-2: once its first wait is over, a held-back run has ticketing act at once, without a timer, then plans through ticketing', async () => {
    const ticketId = randomUUID();
    const handle = await startHeldBack({ ticketId, firstPlan: inFiveMinutes }, DUE_AT_ONCE_MS); // the wait, as if over
    await handle.result();
    expect(callsFor(ticketId)).toEqual(['runDueTicketTimers', 'planTicketTimers']);
    expect(await timersStarted(handle)).toEqual([]);
    keepHistory(handle, 'held-back-due');
  });

  it('issue 19 / TKT-2: a held-back run trusts its first plan however far out (no 10-minute horizon): once held back that long, ticketing acts, then plans', async () => {
    const ticketId = randomUUID();
    const handle = await startHeldBack({ ticketId, firstPlan: inAnHour }, DUE_AT_ONCE_MS); // the hour, as if over
    await handle.result();
    expect(callsFor(ticketId)).toEqual(['runDueTicketTimers', 'planTicketTimers']);
    expect(await timersStarted(handle)).toEqual([]);
  });

  it('TKT-2: recorded histories of earlier versions of the ticket timers replay without nondeterminism', async () => {
    const files = readdirSync(HISTORIES).filter((f) => f.startsWith('ticket-timers-') && f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')));
      await expect(Worker.runReplayHistory({ ...workflowBundle(), replayName: file }, history)).resolves.toBeUndefined();
    }
  });
});
