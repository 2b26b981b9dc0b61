import { testClock } from '../support/clock';
import { randomUUID } from 'node:crypto';
import { privateKeyFromPem, signAccessToken } from '@vigil/platform-auth';
import { DEMO, TestPlatform } from '../support/platform';
import { customerAccessToken } from '../support/customer-session';
import { StaffSession } from '../support/staff-session';

interface Ticket {
  id: string;
  customerId: string;
  status: string;
  resolution: string | null;
  createdAt: string;
  sla: { state: string; targetMinutes: number; dueAt: string | null; breached: boolean; elapsedMinutes?: number; remainingMinutes?: number } | null;
}

/** Support tickets through the gateway with real tokens, against ticketing and identity as processes (issue 4). */
describe('support tickets', () => {
  let platform: TestPlatform;
  let gateway: string;
  let staff: string;
  let acmeUser: string;
  /** A second customer on 24x7 coverage, so clock assertions hold at any hour of the week. */
  const globexId = randomUUID();
  let globexUser: string;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['identity', 'ticketing', 'api-gateway'], workflowWorker: false });
    gateway = platform.url('api-gateway');
    staff = (await new StaffSession(gateway, DEMO.staffEmail, platform.staffTotpSecret).accessToken(platform.staffPassword)).accessToken;
    acmeUser = await customerAccessToken(gateway, DEMO.customerUserEmail, platform.customerUserPassword);
    await platform.query(
      `INSERT INTO ticketing.customers (id, name, contact_email, time_zone, coverage) VALUES ($1, 'Globex AG', 'ops@globex.example', 'Europe/Zurich', '24x7')`,
      [globexId],
    );
    // A Globex portal user's token, minted with the platform's real signing key as identity would.
    const now = Math.floor(testClock.nowMs() / 1000);
    globexUser = await signAccessToken(
      { sub: randomUUID(), sid: randomUUID(), kind: 'customer', roles: ['CUSTOMER_USER'], customerId: globexId, email: 'portal@globex.example', iat: now, exp: now + 600 },
      privateKeyFromPem(platform.signingKeyPem),
    );
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const send = async (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${gateway}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, text };
  };
  const createFor = async (token: string, ticket: Record<string, unknown>) => {
    const created = await send(token, 'POST', '/v1/tickets', { title: 'Jira is slow', description: 'Boards take 30 s to load.', severity: 'S3', ...ticket });
    expect(created.status).toBe(201);
    return created.body as Ticket;
  };
  const move = (ticketId: string, transition: Record<string, unknown>, token = staff) => send(token, 'POST', `/v1/tickets/${ticketId}/transitions`, transition);
  const ticket = async (ticketId: string, token = staff) => (await send(token, 'GET', `/v1/tickets/${ticketId}`)).body as Ticket;

  it('TKT-1: moves along the status machine; an illegal move answers 409 naming the allowed ones and changes nothing', async () => {
    const t = await createFor(staff, { customerId: DEMO.customerId });
    expect(t).toMatchObject({ status: 'SUBMITTED', customerId: DEMO.customerId });

    const illegal = await move(t.id, { to: 'RESOLVED', resolution: 'DONE' });
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ status: 409, allowedTransitions: ['IN_PROGRESS'] });
    expect(illegal.body.detail).toContain('SUBMITTED cannot move to RESOLVED');
    expect((await ticket(t.id)).status).toBe('SUBMITTED');

    expect((await move(t.id, { to: 'IN_PROGRESS' })).status).toBe(200);
    const noComment = await move(t.id, { to: 'WAITING_FOR_CUSTOMER' });
    expect(noComment.status).toBe(422);
    expect(noComment.body.detail).toContain('needs a comment');
    expect((await ticket(t.id)).status).toBe('IN_PROGRESS');
    expect((await move(t.id, { to: 'WAITING_FOR_CUSTOMER', comment: 'Which Jira version do you run?' })).status).toBe(200);

    // A customer reply moves it back to work.
    expect((await send(acmeUser, 'POST', `/v1/tickets/${t.id}/comments`, { body: 'Jira 9.12.4' })).status).toBe(201);
    expect((await ticket(t.id)).status).toBe('IN_PROGRESS');

    expect((await move(t.id, { to: 'CLOSED', comment: 'Reindexed; boards load in 2 s.' })).status).toBe(422);
    const closed = await move(t.id, { to: 'CLOSED', comment: 'Reindexed; boards load in 2 s.', resolution: 'DONE' });
    expect(closed.body).toMatchObject({ status: 'CLOSED', resolution: 'DONE' });

    // Customers cannot move tickets; they reopen.
    expect((await move(t.id, { to: 'IN_PROGRESS' }, acmeUser)).status).toBe(403);
    const reopened = await send(acmeUser, 'POST', `/v1/tickets/${t.id}/reopen`, { comment: 'Slow again since this morning.' });
    expect(reopened.body).toMatchObject({ status: 'IN_PROGRESS', resolution: null });
    expect((await send(acmeUser, 'POST', `/v1/tickets/${t.id}/reopen`, {})).status).toBe(409);
  });

  it('TKT-7: the history keeps every change (who, when, from → to); customers do not see internal notes', async () => {
    const t = await createFor(acmeUser, {});
    await move(t.id, { to: 'IN_PROGRESS' });
    await send(staff, 'POST', `/v1/tickets/${t.id}/comments`, { body: 'Customer runs an unsupported add-on', visibility: 'INTERNAL' });
    await move(t.id, { to: 'RESOLVED', resolution: 'CONSULTING' });

    const history = (await send(staff, 'GET', `/v1/tickets/${t.id}/history`)).body.items as Array<Record<string, string | null>>;
    expect(history.map((h) => [h.action, h.from, h.to])).toEqual([
      ['created', null, 'SUBMITTED'],
      ['status changed', 'SUBMITTED', 'IN_PROGRESS'],
      ['internal comment added', null, expect.any(String)],
      ['status changed', 'IN_PROGRESS', 'RESOLVED'],
      ['resolution set', null, 'CONSULTING'],
    ]);
    expect(history[0]!.actor).toMatch(/^customer:/);
    expect(history[1]!.actor).toMatch(/^staff:/);
    expect(history.every((h) => !Number.isNaN(Date.parse(h.at!)))).toBe(true);

    const seenByCustomer = (await send(acmeUser, 'GET', `/v1/tickets/${t.id}/history`)).body.items as Array<{ action: string }>;
    expect(seenByCustomer.map((h) => h.action)).not.toContain('internal comment added');
    const comments = await send(acmeUser, 'GET', `/v1/tickets/${t.id}/comments`);
    expect(comments.text).not.toContain('unsupported add-on');
    expect((await send(staff, 'GET', `/v1/tickets/${t.id}/comments`)).text).toContain('unsupported add-on');
    expect((await send(acmeUser, 'POST', `/v1/tickets/${t.id}/comments`, { body: 'x', visibility: 'INTERNAL' })).status).toBe(400);
  });

  it('TKT-2: the response clock runs, pauses for a third party, stops at the answer and does not restart on reopen', async () => {
    const t = await createFor(globexUser, { severity: 'S2' });
    expect(t.sla).toMatchObject({ state: 'RUNNING', targetMinutes: 240, breached: false });
    expect(Date.parse(t.sla!.dueAt!) - Date.parse(t.createdAt)).toBeGreaterThanOrEqual(240 * 60_000 - 1_000);
    expect(Date.parse(t.sla!.dueAt!) - Date.parse(t.createdAt)).toBeLessThanOrEqual(240 * 60_000 + 1_000);

    await move(t.id, { to: 'IN_PROGRESS' });
    await move(t.id, { to: 'WAITING_FOR_THIRD_PARTY' });
    expect((await ticket(t.id)).sla).toMatchObject({ state: 'PAUSED', dueAt: null, breached: false });
    await move(t.id, { to: 'IN_PROGRESS' });
    const running = (await ticket(t.id, globexUser)).sla!;
    expect(running).toMatchObject({ state: 'RUNNING', breached: false });
    expect(running.elapsedMinutes! + running.remainingMinutes!).toBeCloseTo(240, 5);

    await move(t.id, { to: 'WAITING_FOR_CUSTOMER', comment: 'Please send the support zip.' });
    await send(globexUser, 'POST', `/v1/tickets/${t.id}/comments`, { body: 'Attached.' });
    const stopped = await ticket(t.id);
    expect(stopped.status).toBe('IN_PROGRESS');
    expect(stopped.sla).toMatchObject({ state: 'STOPPED', dueAt: null, breached: false });
  });

  it('TKT-2: the clock is derived from the history, so it can be recomputed: five hours back, an S2 is breached', async () => {
    const t = await createFor(globexUser, { severity: 'S2' });
    await platform.query(`UPDATE ticketing.ticket_history SET at = at - interval '5 hours' WHERE ticket_id = $1`, [t.id]);
    const recomputed = (await ticket(t.id)).sla!;
    expect(recomputed).toMatchObject({ state: 'RUNNING', breached: true });
    expect(recomputed.remainingMinutes!).toBeLessThanOrEqual(-59);
    expect(recomputed.remainingMinutes!).toBeGreaterThan(-62);
  });

  it('POST with an Idempotency-Key: a retry returns the first result and creates nothing twice', async () => {
    const key = randomUUID();
    const body = { customerId: DEMO.customerId, title: 'Confluence export fails', description: 'PDF export times out.', severity: 'S3' };
    const first = await send(staff, 'POST', '/v1/tickets', body, { 'idempotency-key': key });
    const retries = await Promise.all([1, 2, 3].map(() => send(staff, 'POST', '/v1/tickets', body, { 'idempotency-key': key })));
    expect(first.status).toBe(201);
    for (const retry of retries) expect(retry.body.id).toBe(first.body.id);
    const stored = await platform.query(`SELECT count(*)::int AS n FROM ticketing.tickets WHERE title = 'Confluence export fails'`);
    expect(stored[0]!['n']).toBe(1);
    const reused = await send(staff, 'POST', '/v1/tickets', { ...body, severity: 'S1' }, { 'idempotency-key': key });
    expect(reused.status).toBe(422);

    const comment = { body: 'Looking into it.' };
    const c1 = await send(staff, 'POST', `/v1/tickets/${first.body.id}/comments`, comment, { 'idempotency-key': key });
    const c2 = await send(staff, 'POST', `/v1/tickets/${first.body.id}/comments`, comment, { 'idempotency-key': key });
    expect(c2.body.id).toBe(c1.body.id);
    expect((await send(staff, 'GET', `/v1/tickets/${first.body.id}/comments`)).body.items).toHaveLength(1);
  });

  it("TKT-2: a new ticket is answered as readers then see it, with or without an Idempotency-Key; a named environment must be the customer's", async () => {
    const [acmeEnvironment] = await platform.query(`SELECT id FROM ticketing.environments WHERE key = $1`, [DEMO.environmentKey]);
    const globexEnvironment = randomUUID();
    await platform.query(`INSERT INTO ticketing.environments (id, customer_id, key, name, product) VALUES ($1, $2, $3, 'Globex Confluence', 'confluence')`, [
      globexEnvironment,
      globexId,
      `globex-${globexEnvironment}`,
    ]);
    const body = { customerId: DEMO.customerId, environmentId: acmeEnvironment!['id'], title: 'Jira reindex hangs', description: 'Stuck at 43 %.', severity: 'S2' };
    const withoutKey = await send(staff, 'POST', '/v1/tickets', body);
    const foreignEnvironment = await send(staff, 'POST', '/v1/tickets', { ...body, environmentId: globexEnvironment });
    expect(foreignEnvironment.status).toBe(404);
    expect(foreignEnvironment.body.detail).toBe(`environment ${globexEnvironment} not found`);
    const withKey = await send(staff, 'POST', '/v1/tickets', body, { 'idempotency-key': randomUUID() });
    expect([withoutKey.status, withKey.status]).toEqual([201, 201]);
    // The refused request reserved no number (nothing else creates tickets on this platform meanwhile).
    expect(withKey.body.number).toBe(withoutKey.body.number + 1);
    // Ids in upper case are the same ids: the answer shows them as stored, as a later read does.
    const upperCase = await send(staff, 'POST', '/v1/tickets', { ...body, customerId: DEMO.customerId.toUpperCase(), environmentId: String(acmeEnvironment!['id']).toUpperCase() });
    expect(upperCase.status).toBe(201);
    expect(upperCase.body).toMatchObject({ customerId: DEMO.customerId, environmentId: acmeEnvironment!['id'] });
    // ACC-6: a customer user cannot file against another customer's environment either.
    const acmeOnGlobex = await send(acmeUser, 'POST', '/v1/tickets', { title: 'x x x', description: 'y', severity: 'S4', environmentId: globexEnvironment });
    expect(acmeOnGlobex.status).toBe(404);
    for (const created of [withoutKey.body, withKey.body, upperCase.body]) {
      expect(created).toMatchObject({ environmentId: acmeEnvironment!['id'], status: 'SUBMITTED', sla: { state: 'RUNNING', breached: false } });
      const read = (await send(staff, 'GET', `/v1/tickets/${created.id}`)).body;
      // A single ticket's read adds the clock's exact figures; the rest must be what creation answered.
      const { elapsedMinutes, remainingMinutes, breachedAt, ...storedSla } = read.sla;
      expect([typeof elapsedMinutes, typeof remainingMinutes, breachedAt]).toEqual(['number', 'number', null]);
      expect(created).toEqual({ ...read, sla: storedSla });
      const history = (await send(staff, 'GET', `/v1/tickets/${created.id}/history`)).body.items;
      expect(history).toEqual([expect.objectContaining({ action: 'created', field: 'status', from: null, to: 'SUBMITTED', at: created.createdAt })]);
    }
  });

  it("ACC-6: a customer user files for its own customer only and never reaches another customer's ticket", async () => {
    const acme = await createFor(acmeUser, { title: 'ACME private: SSO certificate' });
    expect(acme.customerId).toBe(DEMO.customerId);
    const reporter = await platform.query(`SELECT reporter_email FROM ticketing.tickets WHERE id = $1`, [acme.id]);
    expect(reporter[0]!['reporter_email']).toBe(DEMO.customerUserEmail);

    for (const [method, path, body] of [
      ['GET', `/v1/tickets/${acme.id}`],
      ['GET', `/v1/tickets/${acme.id}/history`],
      ['GET', `/v1/tickets/${acme.id}/comments`],
      ['POST', `/v1/tickets/${acme.id}/comments`, { body: 'hello' }],
      ['POST', `/v1/tickets/${acme.id}/reopen`, {}],
    ] as const) {
      const answer = await send(globexUser, method, path, body);
      expect({ path, method, status: answer.status }).toEqual({ path, method, status: 404 });
      expect(answer.text).not.toContain('SSO certificate');
    }
    expect((await send(globexUser, 'POST', '/v1/tickets', { customerId: DEMO.customerId, title: 'x x x', description: 'y', severity: 'S4' })).status).toBe(404);
    const globexList = (await send(globexUser, 'GET', `/v1/tickets?customerId=${DEMO.customerId}`)).body.items as Ticket[];
    expect(globexList.length).toBeGreaterThan(0);
    expect(globexList.every((x) => x.customerId === globexId)).toBe(true);
    expect((await send(globexUser, 'GET', '/v1/tickets/work-queue')).status).toBe(403);
    expect(await platform.query(`SELECT 1 FROM ticketing.ticket_comments WHERE ticket_id = $1`, [acme.id])).toHaveLength(0);
  });

  it('lists with filters and cursor pagination', async () => {
    const tag = `needle${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 5; i++) await createFor(staff, { customerId: globexId, title: `Upgrade ${tag} step ${i}`, severity: i < 2 ? 'S2' : 'S4' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Ticket[]; nextCursor: string | null } } = await send(
        staff,
        'GET',
        `/v1/tickets?text=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((x) => x.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const s2 = (await send(staff, 'GET', `/v1/tickets?text=${tag}&severity=S2&status=SUBMITTED&customerId=${globexId}`)).body.items as Ticket[];
    expect(s2).toHaveLength(2);
    expect((await send(staff, 'GET', `/v1/tickets?text=${tag}&breached=true`)).body.items).toHaveLength(0);
    expect((await send(staff, 'GET', `/v1/tickets?cursor=bm9wZQ`)).status).toBe(400);
    expect((await send(staff, 'GET', `/v1/tickets?status=PARTY`)).status).toBe(400);
  });

  it('TKT-7: staff assign tickets; the history keeps from → to and the list filters by assignee', async () => {
    const t = await createFor(staff, { customerId: globexId, title: 'Assign me' });
    const engineer = randomUUID();
    const assigned = await send(staff, 'POST', `/v1/tickets/${t.id}/assignment`, { assigneeId: engineer });
    expect(assigned.body.assigneeId).toBe(engineer);
    expect(((await send(staff, 'GET', `/v1/tickets?assigneeId=${engineer}`)).body.items as Ticket[]).map((x) => x.id)).toEqual([t.id]);
    await send(staff, 'POST', `/v1/tickets/${t.id}/assignment`, { assigneeId: null });
    const history = (await send(staff, 'GET', `/v1/tickets/${t.id}/history`)).body.items as Array<Record<string, string | null>>;
    expect(history.filter((h) => h.field === 'assignee').map((h) => [h.action, h.from, h.to])).toEqual([
      ['assigned', null, engineer],
      ['unassigned', engineer, null],
    ]);
    expect((await send(globexUser, 'POST', `/v1/tickets/${t.id}/assignment`, { assigneeId: engineer })).status).toBe(403);
  });

  it('TKT-3: the work queue puts outages, security incidents, S1 and breached tickets first, then the soonest due', async () => {
    const s4 = await createFor(staff, { customerId: globexId, severity: 'S4', title: 'Queue: S4' });
    const s2 = await createFor(staff, { customerId: globexId, severity: 'S2', title: 'Queue: S2' });
    const breached = await createFor(staff, { customerId: globexId, severity: 'S3', title: 'Queue: breached S3' });
    const s1 = await createFor(staff, { customerId: globexId, severity: 'S1', title: 'Queue: S1' });
    const security = await createFor(staff, { customerId: globexId, severity: 'S2', title: 'Queue: security incident' });
    await platform.query(`UPDATE ticketing.tickets SET sla_breached_at = now() WHERE id = $1`, [breached.id]);
    await platform.query(`UPDATE ticketing.tickets SET type = 'SECURITY_INCIDENT' WHERE id = $1`, [security.id]);
    const mine = new Set([s4.id, s2.id, breached.id, s1.id, security.id]);

    const order: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Ticket[]; nextCursor: string | null } } = await send(staff, 'GET', `/v1/tickets/work-queue?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      order.push(...page.body.items.map((x) => x.id).filter((id) => mine.has(id)));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(order).toEqual([security.id, s1.id, breached.id, s2.id, s4.id]);
  });
});
