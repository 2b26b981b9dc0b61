import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { freePort } from './free-port';
import { eventually } from './eventually';

export interface CapturedEmail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  /** The Reply-To address, if any. */
  replyTo: string | null;
}

/** A real SMTP server that keeps every message it accepts, for asserting on email. */
export class SmtpCapture {
  readonly messages: CapturedEmail[] = [];
  private server: SMTPServer | null = null;
  url = '';

  async start(): Promise<this> {
    const port = await freePort();
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
            this.messages.push({
              from: mail.from?.text ?? '',
              to: to.flatMap((a) => a.value.map((v) => v.address ?? '')),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              messageId: mail.messageId ?? '',
              replyTo: mail.replyTo?.value[0]?.address ?? null,
            });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `smtp://127.0.0.1:${port}`;
    return this;
  }

  to(address: string): CapturedEmail[] {
    return this.messages.filter((m) => m.to.includes(address));
  }

  waitFor(what: string, predicate: (m: CapturedEmail) => boolean, timeoutMs = 20_000): Promise<CapturedEmail> {
    return eventually(what, () => this.messages.find(predicate), timeoutMs);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
