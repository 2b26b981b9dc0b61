import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { createServiceDataSource } from '@vigil/platform-persistence';
import { ManualClock } from '@vigil/platform-clock';
import { addWorkflowCommandHandOverSql, addWorkflowCommandPrioritySql, addWorkflowCommandStartDelaySql, createWorkflowCommandTableSql, WorkflowCommandOutbox, WorkflowCommandRelay, type WorkflowCommandPriority } from '@vigil/platform-temporal';
import { createTestDatabase, firstWorkflowTaskBackoffMs } from '@vigil/testing';
import { testNamespace } from '../setup/services';

/**
 * Rule 7a: the relay delivers committed workflow commands to a real Temporal
 * server. The workflows are never run (no worker polls their queue): what is
 * asserted is what Temporal was told.
 */
describe('WorkflowCommandRelay against a real Temporal server', () => {
  const schema = 'relay_test';
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let connection: Connection;
  let client: Client;
  let outbox: WorkflowCommandOutbox;
  let relay: WorkflowCommandRelay;
  const started: string[] = [];
  // The services' clock, which hand-over times are in; any date will do, the relay compares only with it.
  const clock = new ManualClock('2026-03-29T00:30:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await createServiceDataSource({ url: database.url, schema, entities: [], migrations: [] }).initialize();
    await dataSource.query(`CREATE SCHEMA ${schema}`);
    for (const sql of [...createWorkflowCommandTableSql(schema), ...addWorkflowCommandPrioritySql(schema, []), ...addWorkflowCommandStartDelaySql(schema), ...addWorkflowCommandHandOverSql(schema)]) await dataSource.query(sql);
    connection = await Connection.connect({ address: process.env['VIGIL_TEST_TEMPORAL_ADDRESS']! });
    client = new Client({ connection, namespace: testNamespace() });
    outbox = new WorkflowCommandOutbox(schema);
    relay = new WorkflowCommandRelay(dataSource, schema, client, clock);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(started.map((id) => client.workflow.getHandle(id).terminate('test over').catch(() => undefined)));
    await connection?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  /** Queues a command as a service does, then dates its commit back in database time: a backlog without waiting for one. */
  const queued = async (signal: boolean, waitedInOutbox: string, priority: WorkflowCommandPriority = 'routine', startDelayMs?: number, handOverAt?: Date) => {
    const workflowId = `relay-test-${randomUUID()}`;
    started.push(workflowId);
    await outbox.append(dataSource.manager, {
      workflowId,
      workflowType: 'relayTestWorkflow',
      taskQueue: `relay-test-${randomUUID()}`,
      args: [{ planned: 'at commit' }],
      ...(signal ? { signal: { name: 'changed' } } : {}),
      restartIfFinished: true,
      priority,
      ...(startDelayMs === undefined ? {} : { startDelayMs }),
      ...(handOverAt ? { handOverAt } : {}),
    });
    await dataSource.query(`UPDATE ${schema}.workflow_commands SET created_at = created_at - $2::interval WHERE workflow_id = $1`, [workflowId, waitedInOutbox]);
    return workflowId;
  };

  it('tells every workflow it starts, as the memo queuedForMs, how long its command waited in the outbox (database time)', async () => {
    const start = await queued(false, '3 seconds');
    const signalWithStart = await queued(true, '90 seconds');
    expect(await relay.deliverBatch()).toBe(2);
    const memo = async (workflowId: string) => (await client.workflow.getHandle(workflowId).describe()).memo ?? {};
    const [startMemo, signalMemo] = [await memo(start), await memo(signalWithStart)];
    // From the commit to the claim: the time dated back, plus however long the claim took to come.
    expect(startMemo['queuedForMs']).toBeGreaterThanOrEqual(3_000);
    expect(startMemo['queuedForMs']).toBeLessThan(3_000 + 10_000);
    expect(signalMemo['queuedForMs']).toBeGreaterThanOrEqual(90_000);
    expect(signalMemo['queuedForMs']).toBeLessThan(90_000 + 10_000);
  });

  const firstTaskBackoffMs = (workflowId: string) => firstWorkflowTaskBackoffMs(client.workflow.getHandle(workflowId));

  it('issue 19: a start\'s delay counts from the commit: Temporal holds the first task back by what is left of it after the outbox wait', async () => {
    const delayed = await queued(false, '3 seconds', 'routine', 3_600_000);
    const overdue = await queued(false, '90 seconds', 'routine', 60_000);
    const undelayed = await queued(false, '3 seconds');
    const signalled = await queued(true, '3 seconds', 'routine', 3_600_000); // a signal means now: no delay
    expect(await relay.deliverBatch()).toBe(4);
    const delay = await firstTaskBackoffMs(delayed);
    expect(delay).toBeLessThanOrEqual(3_600_000 - 3_000);
    expect(delay).toBeGreaterThan(3_600_000 - 3_000 - 10_000);
    expect(await firstTaskBackoffMs(overdue)).toBe(0);
    expect(await firstTaskBackoffMs(undelayed)).toBe(0);
    expect(await firstTaskBackoffMs(signalled)).toBe(0);
  });

  const describeWorkflow = (workflowId: string) => client.workflow.getHandle(workflowId).describe();

  // Issue 19 / MON-3: an outage's recovery (it alerts on-call) must not wait for a burst of tickets' timers.
  it('claims a page queued behind a backlog of routine commands in the first round, and tells Temporal it is a page', async () => {
    const backlog: string[] = [];
    for (let i = 0; i < 8; i++) backlog.push(await queued(false, `${60 - i} seconds`));
    const page = await queued(false, '1 second', 'page');
    const smallBatches = new WorkflowCommandRelay(dataSource, schema, client, clock, { batchSize: 3 });

    expect(await smallBatches.deliverBatch()).toBe(3);
    const delivered = await dataSource.query(`SELECT workflow_id FROM ${schema}.workflow_commands WHERE delivered_at IS NOT NULL AND workflow_id = ANY($1) ORDER BY seq`, [[...backlog, page]]);
    // The page, and the two oldest routine commands: the rest of the backlog keeps its order.
    expect(delivered.map((row: { workflow_id: string }) => row.workflow_id)).toEqual([backlog[0], backlog[1], page]);
    expect((await describeWorkflow(page)).priority?.priorityKey).toBe(1);
    expect((await describeWorkflow(backlog[0]!)).priority?.priorityKey).toBe(3);

    while ((await smallBatches.deliverBatch()) > 0);
    expect((await describeWorkflow(backlog[7]!)).priority?.priorityKey).toBe(3);
  });

  // Priority orders workflows, never the commands of one: a workflow's oldest command goes first whatever its class.
  it('never delivers a page before an older routine command of the same workflow', async () => {
    const workflowId = `relay-test-${randomUUID()}`;
    started.push(workflowId);
    const command = (priority: WorkflowCommandPriority, signal: string) =>
      outbox.append(dataSource.manager, {
        workflowId,
        workflowType: 'relayTestWorkflow',
        taskQueue: `relay-test-${randomUUID()}`,
        args: [{ planned: 'at commit' }],
        signal: { name: signal },
        restartIfFinished: true,
        priority,
      });
    await command('routine', 'first');
    await command('page', 'second');
    const oneAtATime = new WorkflowCommandRelay(dataSource, schema, client, clock, { batchSize: 1 });
    const deliveredSignals = async () =>
      (await dataSource.query(`SELECT signal_name FROM ${schema}.workflow_commands WHERE workflow_id = $1 AND delivered_at IS NOT NULL ORDER BY seq`, [workflowId])).map(
        (row: { signal_name: string }) => row.signal_name,
      );
    // The page is not a head (its workflow's oldest pending command is routine): it can only go with or after that one.
    while ((await oneAtATime.deliverBatch()) > 0);
    expect(await deliveredSignals()).toEqual(['first', 'second']);
    const { events } = await client.workflow.getHandle(workflowId).fetchHistory();
    const signalled = (events ?? []).flatMap((e) => (e.workflowExecutionSignaledEventAttributes ? [e.workflowExecutionSignaledEventAttributes.signalName] : []));
    expect(signalled).toEqual(['first', 'second']);
  });
  const deliveredIn = async (workflowId: string) =>
    (await dataSource.query(`SELECT signal_name FROM ${schema}.workflow_commands WHERE workflow_id = $1 AND delivered_at IS NOT NULL ORDER BY seq`, [workflowId])).map(
      (row: { signal_name: string | null }) => row.signal_name,
    );
  const inTemporal = (workflowId: string) =>
    describeWorkflow(workflowId).then(
      () => true,
      (error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return false;
        throw error;
      },
    );
  const drain = async (relay: WorkflowCommandRelay) => {
    await relay.handOverDueStarts();
    while ((await relay.deliverBatch()) > 0);
  };

  // Decision 0037: a new ticket's timers start, due hours ahead, stays out of Temporal until shortly before.
  it('issue 19: keeps a start in the outbox until its hand-over time by the services\' clock, then delivers it with what is left of its delay', async () => {
    const handOverAt = new Date(clock.nowMs() + 45 * 60_000);
    const held = await queued(false, '3 seconds', 'routine', 3_600_000, handOverAt);
    const due = await queued(false, '3 seconds');
    await drain(relay);
    expect(await deliveredIn(due)).toEqual([null]);
    expect(await deliveredIn(held)).toEqual([]);
    expect(await inTemporal(held)).toBe(false);

    clock.set(handOverAt.getTime() - 1);
    await drain(relay);
    expect(await inTemporal(held)).toBe(false);

    clock.set(handOverAt);
    // What the outbox wait left of the hour, counted in database time as for any start (here: the 45 minutes did not pass there).
    await dataSource.query(`UPDATE ${schema}.workflow_commands SET created_at = created_at - interval '45 minutes' WHERE workflow_id = $1`, [held]);
    await drain(relay);
    expect(await deliveredIn(held)).toEqual([null]);
    const delay = await firstTaskBackoffMs(held);
    expect(delay).toBeLessThanOrEqual(15 * 60_000 - 3_000);
    expect(delay).toBeGreaterThan(15 * 60_000 - 3_000 - 10_000);
  });

  it('issue 19: a signal queued after a held start goes at once, as signal-with-start, and the start goes with it unsent', async () => {
    const held = await queued(false, '3 seconds', 'routine', 3_600_000, new Date(clock.nowMs() + 45 * 60_000));
    await drain(relay);
    expect(await inTemporal(held)).toBe(false);
    await outbox.append(dataSource.manager, { workflowId: held, workflowType: 'relayTestWorkflow', taskQueue: `relay-test-${randomUUID()}`, args: [{ planned: 'at the change' }], signal: { name: 'changed' }, restartIfFinished: true, priority: 'routine' });
    await drain(relay);
    expect(await deliveredIn(held)).toEqual([null, 'changed']);
    const { events } = await client.workflow.getHandle(held).fetchHistory();
    const startedWith = JSON.parse(Buffer.from(events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!.data!).toString('utf8'));
    expect(startedWith).toEqual({ planned: 'at the change' });
    expect((events ?? []).flatMap((e) => (e.workflowExecutionSignaledEventAttributes ? [e.workflowExecutionSignaledEventAttributes.signalName] : []))).toEqual(['changed']);
    expect(await firstTaskBackoffMs(held)).toBe(0);
  });
  it('issue 19: a held start superseded by a signal stays held while that signal cannot be delivered', async () => {
    const held = await queued(false, '3 seconds', 'routine', 3_600_000, new Date(clock.nowMs() + 45 * 60_000));
    // Temporal refuses a signal-with-start without a task queue: the delivery fails and is retried later.
    await outbox.append(dataSource.manager, { workflowId: held, workflowType: 'relayTestWorkflow', taskQueue: '', args: [{}], signal: { name: 'changed' }, restartIfFinished: true, priority: 'routine' });
    await drain(relay);
    const rows = await dataSource.query(`SELECT signal_name, attempts, hand_over_at IS NOT NULL AS held FROM ${schema}.workflow_commands WHERE workflow_id = $1 AND delivered_at IS NULL ORDER BY seq`, [held]);
    expect(rows).toEqual([
      { signal_name: null, attempts: 0, held: true },
      { signal_name: 'changed', attempts: 1, held: false },
    ]);
    expect(await inTemporal(held)).toBe(false);
    // Abandoned, the signal no longer supersedes it: the start is handed over at its time as if nothing had come.
    await dataSource.query(`UPDATE ${schema}.workflow_commands SET abandoned_at = now() WHERE workflow_id = $1 AND signal_name IS NOT NULL`, [held]);
    // The lease the failed round's claim put on the start runs out (30 s; moved, not waited for).
    await dataSource.query(`UPDATE ${schema}.workflow_commands SET locked_until = now() - interval '1 second' WHERE workflow_id = $1`, [held]);
    clock.advance(45 * 60_000);
    await drain(relay);
    expect(await deliveredIn(held)).toEqual([null]);
  });
});
