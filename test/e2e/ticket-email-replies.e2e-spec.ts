import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { eventually } from '@vigil/testing';
import { DEMO, TestPlatform } from '../support/platform';
import { StaffSession } from '../support/staff-session';

/** TKT-4 inbound: a reply to a notification email becomes a comment on its ticket, over real SMTP both ways. */
describe('email replies to ticket notifications', () => {
  let platform: TestPlatform;
  let gateway: string;
  let staff: string;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['identity', 'ticketing', 'notifications', 'api-gateway'], workflowWorker: false });
    gateway = platform.url('api-gateway');
    staff = (await new StaffSession(gateway, DEMO.staffEmail, platform.staffTotpSecret).accessToken(platform.staffPassword)).accessToken;
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${gateway}${path}`, {
      method,
      headers: { authorization: `Bearer ${staff}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect({ path, ok: response.ok }).toEqual({ path, ok: true });
    return response.json() as Promise<Record<string, unknown>>;
  };
  const reply = (to: string, text: string, from = 'kim@acme.example') =>
    createTransport({ host: '127.0.0.1', port: platform.inboundSmtpPort, secure: false, ignoreTLS: true }).sendMail({ from, to, subject: 'Re: your ticket', text });
  const comments = async (ticketId: string) => ((await api('GET', `/v1/tickets/${ticketId}/comments`))['items'] as Array<{ author: string; authorKind: string; body: string }>);

  it('a reply to the "we need your input" email becomes a customer comment without the quoted history and brings the ticket back to work', async () => {
    const reporter = `kim-${randomUUID().slice(0, 8)}@acme.example`;
    const t = (await api('POST', '/v1/tickets', { customerId: DEMO.customerId, reporterEmail: reporter, title: 'Jira mail handler stuck', description: 'No issues from mail', severity: 'S3' })) as { id: string };
    await api('POST', `/v1/tickets/${t.id}/transitions`, { to: 'IN_PROGRESS' });
    await api('POST', `/v1/tickets/${t.id}/transitions`, { to: 'WAITING_FOR_CUSTOMER', comment: 'Which mailbox does the handler read?' });
    const question = await platform.smtp.waitFor('the question email', (m) => m.to.includes(reporter) && m.subject.includes('We need your input'));
    expect(question.replyTo).toMatch(new RegExp(`^ticket\\+${t.id}\\.[A-Za-z0-9_-]{22}@reply\\.vigil\\.test$`));

    await reply(question.replyTo!, `It reads jira@acme.example.\n\nOn Mon, 23 Nov 2026 at 10:00, Vigil wrote:\n> Which mailbox does the handler read?\n`, reporter);
    await eventually('the reply as a comment', async () => ((await comments(t.id)).some((c) => c.authorKind === 'customer') ? true : undefined));
    const added = (await comments(t.id)).filter((c) => c.authorKind === 'customer');
    expect(added).toEqual([expect.objectContaining({ author: `email:${reporter}`, body: 'It reads jira@acme.example.' })]);
    expect((await api('GET', `/v1/tickets/${t.id}`))['status']).toBe('IN_PROGRESS');

    // The same message delivered again (a retrying mail server) adds nothing.
    const [first] = await platform.query<{ message_id: string }>(`SELECT message_id FROM notifications.inbound_replies WHERE ticket_id = $1`, [t.id]);
    await createTransport({ host: '127.0.0.1', port: platform.inboundSmtpPort, secure: false, ignoreTLS: true }).sendMail({
      from: reporter,
      to: question.replyTo!,
      subject: 'Re: your ticket',
      text: 'It reads jira@acme.example.',
      messageId: first!.message_id.split('|')[0],
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await comments(t.id)).filter((c) => c.authorKind === 'customer')).toHaveLength(1);
  });

  it('refuses forged or unknown reply addresses at the SMTP level and stores nothing', async () => {
    const t = (await api('POST', '/v1/tickets', { customerId: DEMO.customerId, title: 'Forgery target', description: 'x', severity: 'S4' })) as { id: string };
    const created = await platform.smtp.waitFor('the creation email', (m) => m.subject.includes('Forgery target'));
    const genuine = created.replyTo!;
    const forged = [
      genuine.replace(t.id, randomUUID()), // another ticket under this ticket's token
      `ticket+${t.id}.AAAAAAAAAAAAAAAAAAAAAA@reply.vigil.test`, // a guessed token
      'support@reply.vigil.test',
    ];
    for (const to of forged) await expect(reply(to, 'Let me in')).rejects.toMatchObject({ responseCode: 550 });
    expect(await platform.query(`SELECT 1 FROM notifications.inbound_replies WHERE body = 'Let me in'`)).toHaveLength(0);
    expect((await comments(t.id)).filter((c) => c.body === 'Let me in')).toHaveLength(0);
  });
});
