import { randomUUID } from 'node:crypto';
import { SystemClock } from '@vigil/platform-clock';
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import {
  NOTIFICATIONS_ACTIVITY_QUEUE,
  OUTAGE_RECOVERY_WORKFLOW,
  PAGES_WORKFLOW_TASK_QUEUE,
  WORKFLOW_TASK_QUEUE,
  outageWorkflowId,
  type OutageNotificationActivities,
  type OutageRecoveryInput,
} from '@vigil/workflow-contracts';
import { eventually } from '@vigil/testing';
import { createWorkflowWorkers } from '../../workflows/worker/src/workflow-worker';
import { testNamespace } from '../setup/services';

/** The workflows run on the Temporal server's clock, the machine's real one, which no test offset moves. */
const temporalTime = new SystemClock();

/**
 * Issue 19 / MON-3 against the tests' Temporal server: each task queue has a
 * worker of its own, so an outage's run (on the pages queue) needs nothing
 * from the routine queue's worker. Here the routine queue holds runs that
 * nobody polls until the end: the page still goes out, and the pages worker
 * takes none of them.
 */
describe('workflow workers: pages on their own task queue', () => {
  let connection: Connection;
  let client: Client;
  const paged: string[] = [];
  const started: string[] = [];

  beforeAll(async () => {
    connection = await Connection.connect({ address: process.env['VIGIL_TEST_TEMPORAL_ADDRESS']! });
    client = new Client({ connection, namespace: testNamespace() });
  });

  afterAll(async () => {
    await Promise.all(started.map((id) => client.workflow.getHandle(id).terminate('test over').catch(() => undefined)));
    await connection?.close();
  });

  const startOutage = async (taskQueue: string) => {
    const outageId = randomUUID();
    const input: OutageRecoveryInput = {
      outageId,
      ticketId: randomUUID(),
      ticketNumber: 7,
      customerId: randomUUID(),
      environmentName: 'ACME PROD Jira',
      startedAt: temporalTime.isoNow(),
      // A day away: only the page happens within the test.
      teamLeadAfterMs: 24 * 3_600_000,
      recoveryTargetMs: 48 * 3_600_000,
    };
    await client.workflow.start(OUTAGE_RECOVERY_WORKFLOW, { taskQueue, workflowId: outageWorkflowId(outageId), args: [input] });
    started.push(outageWorkflowId(outageId));
    return outageId;
  };

  it('pages for an outage with only the pages worker running, takes nothing from the routine queue, and the routine worker runs what waits there', async () => {
    // Runs started on the shared queue, as every outage's was before: a backlog for the routine worker.
    const backlog = await Promise.all(Array.from({ length: 20 }, () => startOutage(WORKFLOW_TASK_QUEUE)));
    const outage = await startOutage(PAGES_WORKFLOW_TASK_QUEUE);

    const { routine, pages, connection: workerConnection } = await createWorkflowWorkers({ address: process.env['VIGIL_TEST_TEMPORAL_ADDRESS']!, namespace: testNamespace() });
    const notifications: OutageNotificationActivities = {
      notifyOnCall: async ({ outageId }) => void paged.push(outageId),
      notifyTeamLead: async () => undefined,
      notifyRecoveryTargetBreached: async () => undefined,
    };
    const activities = await Worker.create({ connection: workerConnection, namespace: testNamespace(), taskQueue: NOTIFICATIONS_ACTIVITY_QUEUE, activities: notifications });
    const running = [pages.run(), activities.run()];
    try {
      await eventually('the outage\'s on-call page', () => (paged.includes(outage) ? true : undefined), 30_000);
      expect(backlog.filter((id) => paged.includes(id))).toEqual([]);

      running.push(routine.run());
      await eventually('the backlog\'s pages, once the routine worker runs', () => (backlog.every((id) => paged.includes(id)) ? true : undefined), 30_000);
    } finally {
      // A worker never run still holds the connection: run it so it can be shut down like the others.
      if (routine.getState() === 'INITIALIZED') running.push(routine.run());
      for (const worker of [pages, activities, routine]) if (worker.getState() === 'RUNNING') worker.shutdown();
      await Promise.all(running);
      await workerConnection.close();
    }
  }, 120_000);
});
