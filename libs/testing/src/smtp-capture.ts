import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { freePort } from './free-port';
import { eventually } from './eventually';

/** What a local SMTP server does with each message: read the stream, then answer with `callback()` or `callback(error)`. */
export type SmtpMessageHandler = NonNullable<SMTPServerOptions['onData']>;

export interface LocalSmtpServer {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  readonly url: string;
  /** Stops accepting connections; resolves once the open ones are closed. */
  stop(): Promise<void>;
}

/**
 * A real SMTP server on a free port of 127.0.0.1, as tests and benches need
 * one: no authentication, no STARTTLS, no logging, and no reverse DNS lookup
 * of each connecting client (it only slows the greeting, by as long as the
 * resolver takes to give up). `onData` decides what becomes of each message.
 */
export async function startLocalSmtpServer(onData: SmtpMessageHandler): Promise<LocalSmtpServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onData,
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

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
  private server: LocalSmtpServer | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = await startLocalSmtpServer((stream, _session, callback) => {
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
    });
    this.url = this.server.url;
    return this;
  }

  to(address: string): CapturedEmail[] {
    return this.messages.filter((m) => m.to.includes(address));
  }

  waitFor(what: string, predicate: (m: CapturedEmail) => boolean, timeoutMs = 20_000): Promise<CapturedEmail> {
    return eventually(what, () => this.messages.find(predicate), timeoutMs);
  }

  stop(): Promise<void> {
    return this.server ? this.server.stop() : Promise.resolve();
  }
}
