import dns from 'node:dns';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { freePort } from './free-port';
import { breakOffSmtpTransaction, SmtpCapture, startLocalSmtpServer } from './smtp-capture';
import { eventually } from './eventually';

/**
 * The SMTP servers of tests and benches accept mail without looking up the
 * connecting client's name: smtp-server otherwise calls dns.reverse on every
 * connection and holds the greeting until it answers (or 1.5 s pass).
 */
describe('local SMTP servers', () => {
  let reverse: jest.SpyInstance;

  beforeEach(() => {
    // Answers at once, so the control server below does not wait on a real resolver.
    reverse = jest.spyOn(dns, 'reverse').mockImplementation(((_ip: string, callback: (error: Error | null, hostnames: string[]) => void) =>
      callback(null, ['client.example'])) as typeof dns.reverse);
  });

  afterEach(() => reverse.mockRestore());

  const send = async (url: string, subject: string) => {
    const transport = createTransport(url);
    try {
      await transport.sendMail({ from: 'vigil@vigil.local', to: 'customer@acme.example', subject, text: 'hello\n' });
    } finally {
      transport.close();
    }
  };

  it('a plain smtp-server looks up each client (control: the spy sees what smtp-server calls)', async () => {
    const port = await freePort();
    const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (stream, _s, callback) => stream.resume().on('end', () => callback()) });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      await send(`smtp://127.0.0.1:${port}`, 'control');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(reverse).toHaveBeenCalledWith('127.0.0.1', expect.any(Function));
  });

  it('startLocalSmtpServer accepts mail without a reverse lookup', async () => {
    const clientHostnames: string[] = [];
    const server = await startLocalSmtpServer((stream, session, callback) => {
      clientHostnames.push(session.clientHostname);
      stream.resume().on('end', () => callback());
    });
    try {
      await send(server.url, 'local');
    } finally {
      await server.stop();
    }
    expect(clientHostnames).toEqual(['[127.0.0.1]']);
    expect(reverse).not.toHaveBeenCalled();
  });

  it('SmtpCapture captures mail without a reverse lookup', async () => {
    const smtp = await new SmtpCapture().start();
    try {
      await send(smtp.url, 'captured');
    } finally {
      await smtp.stop();
    }
    expect(smtp.to('customer@acme.example').map((m) => m.subject)).toEqual(['captured']);
    expect(reverse).not.toHaveBeenCalled();
  });

  // A notifications process killed with SIGKILL mid-message (the fault suite does it) resets its pooled connection.
  it('a sender that breaks off mid-message is counted, and the server goes on accepting mail', async () => {
    const smtp = await new SmtpCapture().start();
    try {
      await breakOffSmtpTransaction(smtp.url);
      await breakOffSmtpTransaction(smtp.url);
      await eventually('both broken connections to be noticed', () => (smtp.brokenConnections === 2 ? true : undefined), 5_000, 10);
      await send(smtp.url, 'after the break');
    } finally {
      await smtp.stop();
    }
    expect(smtp.to('customer@acme.example').map((m) => m.subject)).toEqual(['after the break']);
  });
});
