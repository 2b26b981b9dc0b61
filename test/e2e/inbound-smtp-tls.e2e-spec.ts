import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTransport } from 'nodemailer';
import { eventually } from '@vigil/testing';
import { DEMO, TestPlatform } from '../support/platform';
import { StaffSession } from '../support/staff-session';

/**
 * Issue 12 point 7: the inbound SMTP listener for replies to ticket emails
 * (TKT-4) offers STARTTLS when a certificate is configured, and only then.
 * The certificate is made for this run (self-signed, for 127.0.0.1).
 */
describe('inbound SMTP with STARTTLS', () => {
  let platform: TestPlatform;
  let gateway: string;
  let staff: string;
  let dir: string;
  let cert: Buffer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-smtp-tls-'));
    const [keyFile, certFile] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile,
    ]);
    cert = await readFile(certFile);
    platform = await TestPlatform.start({
      services: ['identity', 'ticketing', 'notifications', 'api-gateway'],
      workflowWorker: false,
      envFor: { notifications: { INBOUND_SMTP_TLS_KEY_FILE: keyFile, INBOUND_SMTP_TLS_CERT_FILE: certFile } },
    });
    gateway = platform.url('api-gateway');
    staff = (await new StaffSession(gateway, DEMO.staffEmail, platform.staffTotpSecret).accessToken(platform.staffPassword)).accessToken;
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  /** What the listener says to EHLO: the extensions it offers. */
  const ehlo = () =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(platform.inboundSmtpPort, '127.0.0.1');
      let greeted = false;
      let answer = '';
      socket.on('data', (chunk) => {
        if (!greeted) {
          greeted = true; // the 220 greeting
          socket.write('EHLO test.example\r\n');
          return;
        }
        answer += chunk.toString();
        if (/^250 /m.test(answer)) {
          socket.end('QUIT\r\n');
          resolve(answer);
        }
      });
      socket.on('error', reject);
    });
  const replyOverTls = (to: string, text: string) =>
    createTransport({ host: '127.0.0.1', port: platform.inboundSmtpPort, secure: false, requireTLS: true, tls: { ca: cert } }).sendMail({ from: 'kim@acme.example', to, subject: 'Re: your ticket', text });

  it('issue 12 point 7, TKT-4: with a certificate configured STARTTLS is offered, and a reply sent over TLS lands on the ticket', async () => {
    expect(await ehlo()).toMatch(/250[- ]STARTTLS/);
    const created = await fetch(`${gateway}/v1/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: DEMO.customerId, reporterEmail: 'kim@acme.example', title: 'TLS reply target', description: 'x', severity: 'S4' }),
    });
    const ticket = (await created.json()) as { id: string };
    const email = await platform.smtp.waitFor('the creation email', (m) => m.subject.includes('TLS reply target'));

    await replyOverTls(email.replyTo!, 'Sent over an encrypted connection.');
    await eventually('the reply as a comment', async () => {
      const comments = (await (await fetch(`${gateway}/v1/tickets/${ticket.id}/comments`, { headers: { authorization: `Bearer ${staff}` } })).json()) as { items: Array<{ body: string }> };
      return comments.items.some((c) => c.body === 'Sent over an encrypted connection.') ? true : undefined;
    });
  });

  it('issue 12 point 7: without a certificate STARTTLS is not offered, so a sender that requires TLS does not deliver', async () => {
    await platform.restart('notifications', {});
    const offered = await ehlo();
    expect(offered).toMatch(/^250 /m);
    expect(offered).not.toContain('STARTTLS');
    await expect(replyOverTls('ticket+x@reply.vigil.test', 'plain')).rejects.toThrow(/STARTTLS/);
  }, 90_000);
});
