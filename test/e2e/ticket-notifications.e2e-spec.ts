import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { connectNats } from '@vigil/platform-messaging';
import { DEMO, TestPlatform } from '../support/platform';
import { customerAccessToken } from '../support/customer-session';
import { StaffSession } from '../support/staff-session';

const SUPPORT_TEAM_EMAIL = 'support-team@vigil.test';

/** TKT-4 notifications and TKT-6 escalation, over real SMTP, with ticketing and notifications as processes. */
describe('ticket notifications and escalation', () => {
  let platform: TestPlatform;
  let gateway: string;
  let staff: string;
  let customer: string;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['identity', 'ticketing', 'notifications', 'api-gateway'], workflowWorker: false, env: { SUPPORT_TEAM_EMAIL } });
    gateway = platform.url('api-gateway');
    staff = (await new StaffSession(gateway, DEMO.staffEmail, platform.staffTotpSecret).accessToken(platform.staffPassword)).accessToken;
    customer = await customerAccessToken(gateway, DEMO.customerUserEmail, platform.customerUserPassword);
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const post = async (token: string, path: string, body: unknown) => {
    const response = await fetch(`${gateway}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect({ path, succeeded: response.ok }).toEqual({ path, succeeded: true });
    return (await response.json()) as { id: string; number: number; escalated: boolean };
  };
  const subjectsTo = (address: string, ticketNumber: number) =>
    platform.smtp.to(address).filter((m) => m.subject.startsWith(`[Vigil #${ticketNumber}]`)).map((m) => m.subject.replace(/^\[Vigil #\d+\] /, ''));

  it('TKT-4: the reporter hears of creation, each listed status and every public staff comment — once each; the team hears of reopens', async () => {
    const reporter = `reporter-${randomUUID().slice(0, 8)}@acme.example`;
    const t = await post(staff, '/v1/tickets', { customerId: DEMO.customerId, reporterEmail: reporter, title: 'Bitbucket push fails', description: 'remote: 500', severity: 'S2' });
    const move = (transition: Record<string, unknown>) => post(staff, `/v1/tickets/${t.id}/transitions`, transition);

    await move({ to: 'IN_PROGRESS' });
    await post(staff, `/v1/tickets/${t.id}/comments`, { body: 'We see the 500s in the logs.' });
    await post(staff, `/v1/tickets/${t.id}/comments`, { body: 'Disk almost full on the node', visibility: 'INTERNAL' });
    await move({ to: 'WAITING_FOR_CUSTOMER', comment: 'Which repository fails?' });
    await post(customer, `/v1/tickets/${t.id}/comments`, { body: 'All of them.' }); // the customer's reply: back to IN_PROGRESS
    await move({ to: 'WAITING_FOR_THIRD_PARTY' });
    await move({ to: 'IN_PROGRESS' });
    await move({ to: 'OPERATION_SCHEDULED', comment: 'Tonight 22:00, Kim extends the volume.' });
    await move({ to: 'IN_PROGRESS' });
    await move({ to: 'CLOSED', comment: 'Volume extended; pushes work.', resolution: 'DONE' });
    await post(customer, `/v1/tickets/${t.id}/reopen`, { comment: 'Fails again.' });

    const expected = [
      'Ticket created: Bitbucket push fails',
      'We are on it: Bitbucket push fails',
      'New comment: Bitbucket push fails',
      'We need your input: Bitbucket push fails',
      'Waiting for a third party: Bitbucket push fails',
      'We are on it: Bitbucket push fails',
      'Operation scheduled: Bitbucket push fails',
      'We are on it: Bitbucket push fails',
      'Ticket closed: Bitbucket push fails',
    ];
    await platform.smtp.waitFor('the closing email', (m) => m.to.includes(reporter) && m.subject.includes('Ticket closed'));
    await platform.smtp.waitFor('the team hearing of the second reopen', () => subjectsTo(SUPPORT_TEAM_EMAIL, t.number).length === 2);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // room for any duplicate to arrive
    expect(subjectsTo(reporter, t.number).sort()).toEqual([...expected].sort());
    expect(subjectsTo(SUPPORT_TEAM_EMAIL, t.number)).toEqual(['Reopened by the customer: Bitbucket push fails', 'Reopened by the customer: Bitbucket push fails']);
    const needInput = platform.smtp.to(reporter).find((m) => m.subject.includes('We need your input'))!;
    expect(needInput.text).toContain('Which repository fails?');
    expect(platform.smtp.messages.some((m) => m.text.includes('Disk almost full'))).toBe(false);
  });

  it('TKT-4: an event delivered twice still sends one email', async () => {
    const reporter = `twice-${randomUUID().slice(0, 8)}@acme.example`;
    const t = await post(staff, '/v1/tickets', { customerId: DEMO.customerId, reporterEmail: reporter, title: 'Delivered twice', description: 'x', severity: 'S4' });
    await post(staff, `/v1/tickets/${t.id}/transitions`, { to: 'IN_PROGRESS' });
    await platform.smtp.waitFor('the first "we are on it"', (m) => m.to.includes(reporter) && m.subject.includes('We are on it'));

    // Publish the very same event again, as a broker redelivery or a relay retry after a lost ack would.
    const [row] = await platform.query<{ subject: string; envelope: unknown }>(
      `SELECT subject, envelope FROM ticketing.outbox WHERE subject LIKE 'ticketing.ticket.status-changed%' AND envelope->'data'->>'ticketId' = $1`,
      [t.id],
    );
    // As ticketing, the only publisher its events may have (decision 0017).
    const nc = await connectNats(platform.environment['NATS_URL']!, 'redelivery-test', platform.natsCredentials('ticketing'));
    try {
      const h = headers();
      h.set('Nats-Msg-Id', randomUUID()); // a new message to the broker, the same event to its consumers
      await jetstream(nc).publish(row!.subject, JSON.stringify(row!.envelope), { headers: h });
    } finally {
      await nc.close();
    }
    await post(staff, `/v1/tickets/${t.id}/transitions`, { to: 'WAITING_FOR_THIRD_PARTY' });
    await platform.smtp.waitFor('the next email', (m) => m.to.includes(reporter) && m.subject.includes('Waiting for a third party'));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(platform.smtp.to(reporter).filter((m) => m.subject.includes('We are on it'))).toHaveLength(1);
  });

  it('TKT-6: a customer escalates an open ticket: team lead and head of managed services are told, the ticket is flagged, the history records it', async () => {
    const t = await post(customer, '/v1/tickets', { title: 'Confluence down for EU users', description: 'Since 09:00.', severity: 'S2' });
    const escalated = await post(customer, `/v1/tickets/${t.id}/escalations`, { reason: 'Nobody has answered for two hours.' });
    expect(escalated.escalated).toBe(true);

    const email = await platform.smtp.waitFor('the escalation email', (m) => m.subject === `[Vigil #${t.number}] ESCALATED: Confluence down for EU users`);
    expect(email.to).toEqual(expect.arrayContaining([DEMO.teamLeadEmail, DEMO.headOfManagedServicesEmail]));
    expect(email.text).toContain('Nobody has answered for two hours.');
    const history = (await (await fetch(`${gateway}/v1/tickets/${t.id}/history`, { headers: { authorization: `Bearer ${customer}` } })).json()) as {
      items: Array<{ action: string; actor: string; to: string }>;
    };
    expect(history.items).toContainEqual(expect.objectContaining({ action: 'escalated', to: 'Nobody has answered for two hours.', actor: expect.stringMatching(/^customer:/) }));

    await post(staff, `/v1/tickets/${t.id}/transitions`, { to: 'IN_PROGRESS' });
    await post(staff, `/v1/tickets/${t.id}/transitions`, { to: 'RESOLVED', resolution: 'DONE' });
    const late = await fetch(`${gateway}/v1/tickets/${t.id}/escalations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${customer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Still broken' }),
    });
    expect(late.status).toBe(409);
  });
});
