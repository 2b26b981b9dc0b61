import { randomUUID } from 'node:crypto';
import { tsToMs } from '@temporalio/common/lib/time';
import { eventually } from '@vigil/testing';
import { ticketWorkflowId, type TicketTimersInput } from '@vigil/workflow-contracts';
import { DEMO, TestPlatform } from '../support/platform';
import { StaffSession } from '../support/staff-session';

/**
 * Durable timers in Temporal, with shortened durations from configuration
 * (the production values are unit-tested): TKT-5 reminders and auto-close,
 * and the TKT-2 breach flagged and announced once.
 */
describe('ticket timers', () => {
  let platform: TestPlatform;
  let gateway: string;
  let staff: string;
  const globexId = randomUUID();

  beforeAll(async () => {
    platform = await TestPlatform.start({
      services: ['identity', 'ticketing', 'notifications', 'api-gateway'],
      workflowWorker: true,
      env: { TICKET_FIRST_REMINDER_AFTER_MS: '4000', TICKET_SECOND_REMINDER_AFTER_MS: '7000', TICKET_AUTO_CLOSE_AFTER_MS: '10000' },
    });
    gateway = platform.url('api-gateway');
    staff = (await new StaffSession(gateway, DEMO.staffEmail, platform.staffTotpSecret).accessToken(platform.staffPassword)).accessToken;
    await platform.query(`INSERT INTO ticketing.customers (id, name, contact_email, time_zone, coverage) VALUES ($1, 'Globex AG', 'ops@globex.example', 'UTC', '24x7')`, [
      globexId,
    ]);
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${gateway}${path}`, { method: 'POST', headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect({ path, ok: response.ok }).toEqual({ path, ok: true });
    return (await response.json()) as { id: string; number: number; status: string };
  };
  const get = async (path: string) => (await fetch(`${gateway}${path}`, { headers: { authorization: `Bearer ${staff}` } })).json() as Promise<Record<string, unknown>>;
  const actions = async (ticketId: string) => ((await get(`/v1/tickets/${ticketId}/history`))['items'] as Array<{ action: string }>).map((h) => h.action);
  const waitingTicket = async (reporterEmail: string) => {
    const t = await post('/v1/tickets', { customerId: DEMO.customerId, reporterEmail, title: 'Licence file needed', description: 'Renewal', severity: 'S4' });
    await post(`/v1/tickets/${t.id}/transitions`, { to: 'IN_PROGRESS' });
    await post(`/v1/tickets/${t.id}/transitions`, { to: 'WAITING_FOR_CUSTOMER', comment: 'Please send the new licence file.' });
    return t;
  };

  it('TKT-5: unchanged while waiting for the customer, a ticket gets two reminders (emailed) and is then closed as AUTO_CLOSED', async () => {
    const reporter = `waiting-${randomUUID().slice(0, 8)}@acme.example`;
    const t = await waitingTicket(reporter);
    await eventually('the automatic close', async () => ((await get(`/v1/tickets/${t.id}`))['status'] === 'CLOSED' ? true : undefined), 30_000);
    expect(await get(`/v1/tickets/${t.id}`)).toMatchObject({ status: 'CLOSED', resolution: 'AUTO_CLOSED' });
    expect((await actions(t.id)).filter((a) => ['reminder sent', 'closed automatically'].includes(a))).toEqual(['reminder sent', 'reminder sent', 'closed automatically']);
    await platform.smtp.waitFor('the closing email', (m) => m.to.includes(reporter) && m.subject.includes('Ticket closed'));
    const subjects = platform.smtp.to(reporter).map((m) => m.subject.replace(/^\[Vigil #\d+\] /, ''));
    expect(subjects.filter((s) => s.startsWith('New comment'))).toHaveLength(2);
    expect(platform.smtp.to(reporter).filter((m) => m.subject.includes('New comment')).every((m) => m.text.includes('still waiting for your answer'))).toBe(true);
    // It can be reopened.
    expect((await post(`/v1/tickets/${t.id}/reopen`, {})).status).toBe('IN_PROGRESS');
  });

  it('TKT-5: any change restarts the wait; leaving WAITING_FOR_CUSTOMER cancels it', async () => {
    const restarted = await waitingTicket(`restart-${randomUUID().slice(0, 8)}@acme.example`);
    const cancelled = await waitingTicket(`cancel-${randomUUID().slice(0, 8)}@acme.example`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await post(`/v1/tickets/${restarted.id}/comments`, { body: 'Any news?' });
    await post(`/v1/tickets/${cancelled.id}/transitions`, { to: 'IN_PROGRESS', comment: 'Found the licence ourselves.' });
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // past the original 4 s, before the restarted one
    expect(await actions(restarted.id)).not.toContain('reminder sent');
    await eventually('the restarted reminder', async () => ((await actions(restarted.id)).includes('reminder sent') ? true : undefined), 20_000);
    expect(await actions(cancelled.id)).not.toContain('reminder sent');
  });

  it('TKT-2, issue 19: a new ticket\'s timers start waits in the outbox until 15 minutes before its first plan is due, then Temporal holds it back for the rest: nothing runs meanwhile', async () => {
    const t = (await post('/v1/tickets', { customerId: globexId, title: 'VPN down', description: 'Since this morning', severity: 'S1' })) as unknown as {
      id: string;
      sla: { dueAt: string };
    };
    const workflowId = ticketWorkflowId(t.id);
    const [held] = await platform.query<{ hand_over_at: Date; start_delay_ms: string }>(
      `SELECT hand_over_at, start_delay_ms FROM ticketing.workflow_commands WHERE workflow_id = $1 AND delivered_at IS NULL`,
      [workflowId],
    );
    // Decision 0037: the services' clock hands it over 15 minutes (TICKET_TIMERS_HAND_OVER_LEAD_MS) before the 60-minute target.
    expect(held!.hand_over_at.toISOString()).toBe(new Date(Date.parse(t.sla.dueAt) - 15 * 60_000).toISOString());
    expect(Number(held!.start_delay_ms)).toBe(60 * 60_000);
    // A change of another ticket, queued later, goes through the relay; the held start stays out of Temporal.
    const other = await post('/v1/tickets', { customerId: globexId, title: 'Mail delayed', description: 'Since noon', severity: 'S3' });
    await post(`/v1/tickets/${other.id}/comments`, { body: 'Checking the relay', visibility: 'INTERNAL' });
    await eventually('the other ticket\'s change delivered', async () => {
      const rows = await platform.query(`SELECT 1 FROM ticketing.workflow_commands WHERE workflow_id = $1 AND signal_name IS NOT NULL AND delivered_at IS NOT NULL`, [ticketWorkflowId(other.id)]);
      return rows.length === 1 ? true : undefined;
    });
    const handle = (await platform.temporalClient()).workflow.getHandle(workflowId);
    await expect(handle.describe()).rejects.toThrow(/not found/i);

    // Its hand-over time comes (moved, not waited for): Temporal gets the start, held back by what is left of the hour.
    await platform.query(`UPDATE ticketing.workflow_commands SET hand_over_at = '2000-01-01T00:00:00Z' WHERE workflow_id = $1 AND delivered_at IS NULL`, [workflowId]);
    const events = await eventually('the held-back start', async () => (await handle.fetchHistory().catch(() => undefined))?.events ?? undefined);
    // The start alone: no workflow task, no activity, no timer until the delay is over.
    expect(events).toHaveLength(1);
    const started = events[0]!.workflowExecutionStartedEventAttributes!;
    const input = JSON.parse(Buffer.from(started.input!.payloads![0]!.data!).toString('utf8')) as TicketTimersInput;
    // Globex has 24x7 coverage: the S1 target (60 minutes) is due 60 minutes after creation.
    expect(input).toEqual({ ticketId: t.id, firstPlan: { nextAt: t.sla.dueAt, waitMs: 60 * 60_000 }, firstWaitAsStartDelay: true });
    // The delay counts from the commit: the time the start spent in the outbox (memo queuedForMs) is taken off.
    const { queuedForMs } = (await handle.describe()).memo as { queuedForMs: number };
    expect(queuedForMs).toBeGreaterThanOrEqual(0);
    expect(tsToMs(started.firstWorkflowTaskBackoff)).toBe(60 * 60_000 - queuedForMs);
  });

  it('TKT-2: a durable timer flags the breach once and announces it once', async () => {
    const t = await post('/v1/tickets', { customerId: globexId, title: 'SSO broken', description: 'Nobody can log in', severity: 'S1' });
    // The clock is derived from history: move it so the 60-minute target is 3 s away, then change the ticket so the timer replans.
    await platform.query(`UPDATE ticketing.ticket_history SET at = at - interval '59 minutes 57 seconds' WHERE ticket_id = $1`, [t.id]);
    await post(`/v1/tickets/${t.id}/comments`, { body: 'Looking at the IdP logs', visibility: 'INTERNAL' });
    await eventually('the breach flag', async () => {
      const page = (await get(`/v1/tickets?breached=true&customerId=${globexId}`))['items'] as Array<{ id: string }>;
      return page.some((x) => x.id === t.id) ? true : undefined;
    }, 30_000);
    await post(`/v1/tickets/${t.id}/transitions`, { to: 'IN_PROGRESS' });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await actions(t.id)).filter((a) => a === 'response target breached')).toHaveLength(1);
    const events = await platform.query(`SELECT count(*)::int AS n FROM ticketing.outbox WHERE subject LIKE 'ticketing.ticket.sla-breached%' AND envelope->'data'->>'ticketId' = $1`, [t.id]);
    expect(events[0]!['n']).toBe(1);
  });
});
