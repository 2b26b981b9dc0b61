import { testClock } from '../support/clock';
import { randomUUID } from 'node:crypto';
import type { CustomerView, EnvironmentView, NewCustomer, NewEnvironment, StaffRole } from '@vigil/contracts';
import { privateKeyFromPem, signAccessToken } from '@vigil/platform-auth';
import { exampleCustomer } from '../../services/customers/src/domain/example-customer';
import { eventually } from '@vigil/testing';
import { customerAccessToken } from '../support/customer-session';
import { DEMO, TestPlatform } from '../support/platform';
import { StaffSession } from '../support/staff-session';

/** What the assertions read of an answer they do not type more closely: a problem, a ticket or a change's result. */
interface Loose {
  id: string;
  detail: string;
  violations: string[];
  sla: { dueAt: string; targetMinutes: number };
  ticketsRescheduled: number | null;
}

interface Answer<T = Loose> {
  status: number;
  body: T;
}

/**
 * Customers, contracts and environments administered through the gateway
 * (issue 13), against identity, customers and ticketing as processes: who may
 * do what, the rules every change is checked against, optimistic concurrency,
 * tenancy, and a calendar change moving an open ticket's due time (TKT-2).
 */
describe('customers through the gateway', () => {
  let platform: TestPlatform;
  let gateway: string;
  /** The demo support team lead, signed in with password and TOTP: staff that reads but does not administer. */
  let teamLead: string;
  let acmeUser: string;
  const tokens = new Map<StaffRole, string>();

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['identity', 'customers', 'ticketing', 'api-gateway'], workflowWorker: false });
    gateway = platform.url('api-gateway');
    teamLead = (await new StaffSession(gateway, DEMO.staffEmail, platform.staffTotpSecret).accessToken(platform.staffPassword)).accessToken;
    acmeUser = await customerAccessToken(gateway, DEMO.customerUserEmail, platform.customerUserPassword);
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  /** A staff token of one role, signed with identity's real key as identity signs them. */
  const staff = async (role: StaffRole): Promise<string> => {
    if (!tokens.has(role)) {
      const now = Math.floor(testClock.nowMs() / 1000);
      const claims = { sub: randomUUID(), sid: randomUUID(), kind: 'staff' as const, roles: [role], email: `${role.toLowerCase()}@vigil.test`, iat: now, exp: now + 900 };
      tokens.set(role, await signAccessToken(claims, privateKeyFromPem(platform.signingKeyPem)));
    }
    return tokens.get(role)!;
  };
  const send = async <T = Loose>(token: string, method: string, path: string, body?: unknown): Promise<Answer<T>> => {
    const response = await fetch(`${gateway}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const uniqueCustomer = (overrides: Partial<NewCustomer> = {}): NewCustomer => ({ ...exampleCustomer(), name: `Customer ${randomUUID().slice(0, 8)}`, ...overrides });
  const register = async (customer: NewCustomer = uniqueCustomer()): Promise<CustomerView> => {
    const created = await send<CustomerView>(await staff('HEAD_OF_MANAGED_SERVICES'), 'POST', '/v1/customers', customer);
    expect(created.status).toBe(201);
    return created.body;
  };
  const environment = (overrides: Partial<NewEnvironment> = {}): NewEnvironment => ({
    name: 'PROD Jira',
    key: `env-${randomUUID().slice(0, 8)}`,
    product: 'JIRA',
    version: '10.3.4',
    provider: 'AWS',
    region: 'eu-central-1',
    serverId: 'i-0123456789',
    size: 'm6i.xlarge',
    xmlExport: true,
    ...overrides,
  });

  it('registers a customer for its administrators, audited, and every staff member reads it', async () => {
    const customer = await register();
    expect(customer).toMatchObject({ revision: 1, contract: { primaryRegion: { provider: 'AWS', region: 'eu-central-1' } } });
    for (const role of ['CLOUD_OFFERINGS_MANAGER', 'CTO', 'CEO'] as const) {
      expect((await send(await staff(role), 'POST', '/v1/customers', uniqueCustomer())).status).toBe(201);
    }
    const read = await send<CustomerView>(teamLead, 'GET', `/v1/customers/${customer.id}`);
    expect(read).toEqual({ status: 200, body: customer });
    const list = await send<{ items: CustomerView[] }>(await staff('SUPPORT_ENGINEER'), 'GET', '/v1/customers');
    expect(list.body.items.map((c) => c.id)).toEqual(expect.arrayContaining([customer.id, DEMO.customerId]));
    const audit = await send<{ entries: Array<{ action: string; target: string }> }>(await staff('SECURITY_OFFICER'), 'GET', `/v1/audit/customers?target=customer:${customer.id}`);
    expect(audit.body.entries.map((e) => e.action)).toEqual(['customer.registered']);
  });

  it('lets no other staff role register or change a customer (403), and changes nothing', async () => {
    const customer = await register();
    for (const role of ['SUPPORT_ENGINEER', 'SUPPORT_TEAM_LEAD', 'CLOUD_ARCHITECT', 'SECURITY_OFFICER'] as const) {
      expect((await send(await staff(role), 'POST', '/v1/customers', uniqueCustomer())).status).toBe(403);
      expect((await send(await staff(role), 'PATCH', `/v1/customers/${customer.id}`, { expectedRevision: 1, coverage: '24x7' })).status).toBe(403);
      expect((await send(await staff(role), 'POST', `/v1/customers/${customer.id}/environments`, environment())).status).toBe(403);
    }
    expect((await send<CustomerView>(teamLead, 'GET', `/v1/customers/${customer.id}`)).body.revision).toBe(1);
  });

  it('refuses a record against the rules with every violation named (422), a malformed one with 400, a taken name with 409', async () => {
    const admin = await staff('HEAD_OF_MANAGED_SERVICES');
    const base = exampleCustomer();
    const broken = uniqueCustomer({
      calendar: { ...base.calendar, timeZone: 'Mars/Olympus_Mons' },
      contract: { ...base.contract, primaryRegion: { provider: 'AWS', region: 'eu-west-1' }, drRegion: { provider: 'AWS', region: 'eu-west-1' }, endsOn: '2025-01-01' },
    });
    const refused = await send(admin, 'POST', '/v1/customers', broken);
    expect(refused.status).toBe(422);
    expect(refused.body.violations).toEqual(
      expect.arrayContaining([expect.stringContaining('calendar'), expect.stringContaining('drRegion must differ'), expect.stringContaining('endsOn')]),
    );
    const unknownRegion = await send(admin, 'POST', '/v1/customers', uniqueCustomer({ contract: { ...base.contract, primaryRegion: { provider: 'FLEXIBLE_ENGINE', region: 'eu-central-1' } } }));
    expect(unknownRegion.status).toBe(422);
    expect(unknownRegion.body.detail).toContain('FLEXIBLE_ENGINE eu-central-1 is not a region');
    expect((await send(admin, 'POST', '/v1/customers', { ...uniqueCustomer(), contract: { ...base.contract, sla: { ...base.contract.sla, rpoMinutes: 0 } } })).status).toBe(400);
    expect((await send(admin, 'POST', '/v1/customers', { name: 'Half a customer' })).status).toBe(400);
    const taken = await register();
    expect((await send(admin, 'POST', '/v1/customers', uniqueCustomer({ name: taken.name.toUpperCase() }))).status).toBe(409);
    const names = (await send<{ items: CustomerView[] }>(admin, 'GET', '/v1/customers')).body.items.map((c) => c.name);
    expect(names).not.toContain(broken.name);
  });

  it('changes a customer at the revision read; a stale revision gets 409 and changes nothing', async () => {
    const admin = await staff('CLOUD_OFFERINGS_MANAGER');
    const customer = await register();
    const changed = await send(admin, 'PATCH', `/v1/customers/${customer.id}`, { expectedRevision: 1, contract: { ...customer.contract, offering: 'CLOUD_PREMIUM' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ customer: { revision: 2, contract: { offering: 'CLOUD_PREMIUM' } }, ticketsRescheduled: 0 });
    const stale = await send(admin, 'PATCH', `/v1/customers/${customer.id}`, { expectedRevision: 1, name: 'Lost update GmbH' });
    expect(stale.status).toBe(409);
    const now = (await send<CustomerView>(admin, 'GET', `/v1/customers/${customer.id}`)).body;
    expect(now).toMatchObject({ name: customer.name, revision: 2 });
    expect((await send(admin, 'PATCH', `/v1/customers/${customer.id}`, { expectedRevision: 2, contract: { ...customer.contract, drRegion: customer.contract.primaryRegion } })).status).toBe(422);
    expect((await send(admin, 'PATCH', `/v1/customers/${randomUUID()}`, { expectedRevision: 1, coverage: '24x7' })).status).toBe(404);
  });

  it('imports holidays from an iCalendar file over the contract term, and names what it cannot take (422)', async () => {
    const admin = await staff('HEAD_OF_MANAGED_SERVICES');
    const customer = await register();
    const ics = (...events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events.map((e) => `BEGIN:VEVENT\r\n${e}\r\nEND:VEVENT`), 'END:VCALENDAR'].join('\r\n');
    const imported = await send<{ customer: CustomerView; ticketsRescheduled: number | null }>(admin, 'POST', `/v1/customers/${customer.id}/holidays/import`, {
      expectedRevision: 1,
      icalendar: ics('DTSTART;VALUE=DATE:20261003\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Tag der Deutschen Einheit', 'DTSTART;VALUE=DATE:20270326\r\nSUMMARY:Karfreitag'),
    });
    expect(imported.status).toBe(200);
    // The example's own 2026-12-25 stays; the yearly holiday repeats over the contract (2026 to 2028).
    expect(imported.body.customer.calendar.holidays).toEqual(['2026-10-03', '2026-12-25', '2027-03-26', '2027-10-03', '2028-10-03']);
    expect(imported.body.customer.revision).toBe(2);
    const refused = await send(admin, 'POST', `/v1/customers/${customer.id}/holidays/import`, { expectedRevision: 2, icalendar: ics('DTSTART:20261224T120000Z\r\nSUMMARY:Heiligabend ab Mittag') });
    expect(refused.status).toBe(422);
    expect(refused.body.violations).toEqual([expect.stringContaining('Heiligabend ab Mittag: starts at a time of day')]);
    expect((await send(admin, 'POST', `/v1/customers/${customer.id}/holidays/import`, { expectedRevision: 1, icalendar: ics('DTSTART;VALUE=DATE:20261224') })).status).toBe(409);
    expect((await send<CustomerView>(admin, 'GET', `/v1/customers/${customer.id}`)).body.revision).toBe(2);
  });

  it('adds, changes and retires environments; keys are never reused; ticketing learns them for alert routing', async () => {
    const admin = await staff('HEAD_OF_MANAGED_SERVICES');
    const customer = await register();
    const added = await send<EnvironmentView>(admin, 'POST', `/v1/customers/${customer.id}/environments`, environment({ publicIp: '203.0.113.7' }));
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ customerId: customer.id, state: 'ACTIVE', revision: 1, publicIp: '203.0.113.7' });
    const env = added.body;
    expect((await send(admin, 'POST', `/v1/customers/${customer.id}/environments`, environment({ key: env.key }))).status).toBe(409);
    expect((await send(admin, 'POST', `/v1/customers/${customer.id}/environments`, environment({ provider: 'FLEXIBLE_ENGINE', region: 'eu-central-1' }))).status).toBe(422);
    expect((await send(admin, 'POST', `/v1/customers/${randomUUID()}/environments`, environment())).status).toBe(404);

    const upgraded = await send<EnvironmentView>(admin, 'PATCH', `/v1/customers/${customer.id}/environments/${env.id}`, { expectedRevision: 1, version: '10.3.5', publicIp: null });
    expect(upgraded.body).toMatchObject({ version: '10.3.5', revision: 2, key: env.key });
    expect(upgraded.body.publicIp).toBeUndefined();
    await eventually('ticketing holds the changed environment', async () => ((await platform.query(`SELECT revision FROM ticketing.environments WHERE id = $1`, [env.id]))[0]?.['revision'] === 2 ? true : undefined));

    const retired = await send<EnvironmentView>(admin, 'POST', `/v1/customers/${customer.id}/environments/${env.id}/retirement`);
    expect(retired.body).toMatchObject({ state: 'DELETED', revision: 3 });
    expect(retired.body.retiredAt).not.toBeNull();
    expect((await send(admin, 'POST', `/v1/customers/${customer.id}/environments/${env.id}/retirement`)).body).toEqual(retired.body);
    expect((await send(admin, 'PATCH', `/v1/customers/${customer.id}/environments/${env.id}`, { expectedRevision: 3, size: 'm6i.large' })).status).toBe(409);
    expect((await send(admin, 'POST', `/v1/customers/${customer.id}/environments`, environment({ key: env.key }))).status).toBe(409);
    const listed = await send<{ items: EnvironmentView[] }>(teamLead, 'GET', `/v1/customers/${customer.id}/environments`);
    expect(listed.body.items).toEqual([retired.body]);
    // A retired environment's alerts route nowhere (ticketing's directory holds it as retired).
    await eventually('ticketing holds the environment as retired', async () => ((await platform.query(`SELECT retired_at FROM ticketing.environments WHERE id = $1`, [env.id]))[0]?.['retired_at'] ? true : undefined));
    const audit = await send<{ entries: Array<{ action: string }> }>(await staff('SECURITY_OFFICER'), 'GET', `/v1/audit/customers?target=environment:${env.id}`);
    expect(audit.body.entries.map((e) => e.action).sort()).toEqual(['environment.added', 'environment.changed', 'environment.retired']);
  });

  it("ACC-6: a customer user reads its own customer, contacts, environments and targets, and nothing of another customer (404) or of administration (403)", async () => {
    const own = await send<CustomerView>(acmeUser, 'GET', `/v1/customers/${DEMO.customerId}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: DEMO.customerId, name: 'ACME GmbH', contacts: [expect.objectContaining({ email: DEMO.customerEmail })], contract: { sla: { responseMinutes: { S1: 60 } } } });
    const ownEnvironments = await send<{ items: EnvironmentView[] }>(acmeUser, 'GET', `/v1/customers/${DEMO.customerId}/environments`);
    expect(ownEnvironments.body.items.map((e) => e.key)).toEqual([DEMO.environmentKey]);
    expect((await send(acmeUser, 'GET', `/v1/customers/${DEMO.customerId}/environments/${ownEnvironments.body.items[0]!.id}`)).status).toBe(200);

    const other = await register();
    const otherEnv = (await send<EnvironmentView>(await staff('HEAD_OF_MANAGED_SERVICES'), 'POST', `/v1/customers/${other.id}/environments`, environment())).body;
    for (const path of [`/v1/customers/${other.id}`, `/v1/customers/${other.id}/environments`, `/v1/customers/${other.id}/environments/${otherEnv.id}`, `/v1/customers/${DEMO.customerId}/environments/${otherEnv.id}`]) {
      const answer = await send(acmeUser, 'GET', path);
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      expect(JSON.stringify(answer.body)).not.toContain(other.name);
    }
    expect((await send(acmeUser, 'GET', '/v1/customers')).status).toBe(403);
    expect((await send(acmeUser, 'PATCH', `/v1/customers/${DEMO.customerId}`, { expectedRevision: 1, coverage: '24x7' })).status).toBe(403);
    expect((await send(acmeUser, 'POST', `/v1/customers/${DEMO.customerId}/environments`, environment())).status).toBe(403);
    expect((await send(acmeUser, 'POST', `/v1/customers/${DEMO.customerId}/environments/${ownEnvironments.body.items[0]!.id}/retirement`)).status).toBe(403);
  });

  it("TKT-2: a new calendar re-derives an open ticket's response clock from its history; the answer counts the tickets whose due time moved", async () => {
    const admin = await staff('HEAD_OF_MANAGED_SERVICES');
    // Business hours in Berlin; then the same hours in Auckland, which never overlap Berlin's, so the due time must move whenever the ticket was opened.
    const customer = await register(uniqueCustomer({ calendar: { timeZone: 'Europe/Berlin', weeklyHours: weekdays('08:00', '17:00'), holidays: [] } }));
    const ticket = await send(teamLead, 'POST', '/v1/tickets', { customerId: customer.id, severity: 'S1', title: 'Jira down for all users', description: 'HTTP 503 since 09:12.' });
    expect(ticket.status).toBe(201);
    const dueBefore = ticket.body.sla.dueAt as string;
    expect(ticket.body.sla.targetMinutes).toBe(60);

    const changed = await send(admin, 'PATCH', `/v1/customers/${customer.id}`, { expectedRevision: 1, calendar: { timeZone: 'Pacific/Auckland', weeklyHours: weekdays('08:00', '17:00'), holidays: [] } });
    expect(changed.status).toBe(200);
    expect(changed.body.ticketsRescheduled).toBe(1);
    const after = await send(teamLead, 'GET', `/v1/tickets/${ticket.body.id}`);
    expect(after.body.sla.dueAt).not.toBe(dueBefore);
    const history = await send<{ items: Array<{ action: string; field: string; to: string }> }>(teamLead, 'GET', `/v1/tickets/${ticket.body.id}/history`);
    expect(history.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'sla_due_at', to: after.body.sla.dueAt })]));

    // New SLA targets apply to open tickets too: S1 now 30 minutes.
    const targets = await send(admin, 'PATCH', `/v1/customers/${customer.id}`, { expectedRevision: 2, contract: { ...customer.contract, sla: { ...customer.contract.sla, responseMinutes: { ...customer.contract.sla.responseMinutes, S1: 30 } } } });
    expect(targets.body.ticketsRescheduled).toBe(1);
    const retargeted = await send(teamLead, 'GET', `/v1/tickets/${ticket.body.id}`);
    expect(retargeted.body.sla.targetMinutes).toBe(30);
    // A change that leaves calendar and targets alone moves nothing.
    expect((await send(admin, 'PATCH', `/v1/customers/${customer.id}`, { expectedRevision: 3, name: `${customer.name} renamed` })).body.ticketsRescheduled).toBe(0);
  });
});

const weekdays = (start: string, end: string) => Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [{ start, end }]]));

