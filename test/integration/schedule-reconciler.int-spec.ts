import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { defineSchedule } from '@vigil/contracts';
import { reconcileSchedule } from '@vigil/platform-runtime';
import { testNamespace } from '../setup/services';

/** Schedules follow the code: a changed cron or changed arguments reach Temporal at the next start. */
describe('reconcileSchedule against a real Temporal server', () => {
  let connection: Connection;
  let client: Client;
  const id = `reconcile-test-${randomUUID()}`;

  beforeAll(async () => {
    connection = await Connection.connect({ address: process.env['VIGIL_TEST_TEMPORAL_ADDRESS']! });
    client = new Client({ connection, namespace: testNamespace() });
  });

  afterAll(async () => {
    await client.schedule.getHandle(id).delete().catch(() => undefined);
    await connection?.close();
  });

  it('creates a missing schedule, then applies a changed spec and changed arguments', async () => {
    const nightly = defineSchedule({ id, workflowType: 'someWorkflow', taskQueue: 'reconcile-test', cronExpressions: ['15 3 * * *'] });
    expect(await reconcileSchedule(client, nightly, [{ retentionDays: 28 }])).toBe('created');
    const first = await client.schedule.getHandle(id).describe();
    expect(first.spec.calendars?.[0]?.hour).toEqual([{ start: 3, end: 3, step: 1 }]);

    const changed = defineSchedule({ ...nightly, cronExpressions: ['45 4 * * *'] });
    expect(await reconcileSchedule(client, changed, [{ retentionDays: 14 }])).toBe('updated');
    const second = await client.schedule.getHandle(id).describe();
    expect(second.spec.calendars?.[0]?.hour).toEqual([{ start: 4, end: 4, step: 1 }]);
    expect(second.spec.calendars?.[0]?.minute).toEqual([{ start: 45, end: 45, step: 1 }]);
    expect(second.action.type === 'startWorkflow' ? second.action.args : null).toEqual([{ retentionDays: 14 }]);
  });
});
