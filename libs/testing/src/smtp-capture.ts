import { connect } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { freePort } from './free-port';
import { eventually } from './eventually';

/** What a local SMTP server does with each message: read the stream, then answer with `callback()` or `callback(error)`. */
export type SmtpMessageHandler = NonNullable<SMTPServerOptions['onData']>;

export interface LocalSmtpServer {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  readonly url: string;
  /** Connections clients broke off in the middle of a message (a sender killed mid-transaction). */
  readonly brokenConnections: number;
  /** Stops accepting connections; resolves once the open ones are closed. */
  stop(): Promise<void>;
}

/** How a connection a client broke off shows up: a reset, a write into it, a stall. */
const BROKEN_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/**
 * A real SMTP server on a free port of 127.0.0.1, as tests and benches need
 * one: no authentication, no STARTTLS, no logging, and no reverse DNS lookup
 * of each connecting client (it only slows the greeting, by as long as the
 * resolver takes to give up). `onData` decides what becomes of each message.
 *
 * A client that drops its connection inside a transaction (a sender killed
 * with SIGKILL, say) makes smtp-server emit 'error'; unheard, that would crash
 * the test process. It is the client's failure, so it is only counted; a
 * failure to listen rejects, and any other error is thrown as before.
 */
export async function startLocalSmtpServer(onData: SmtpMessageHandler): Promise<LocalSmtpServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onData,
  });
  let brokenConnections = 0;
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      server.on('error', (error: NodeJS.ErrnoException) => {
        if (!BROKEN_CONNECTION_CODES.has(error.code ?? '')) throw error; // anything else is the server's own failure: loud, as before
        brokenConnections++;
      });
      resolve();
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    get brokenConnections() {
      return brokenConnections;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Opens an SMTP transaction on `url` (EHLO, MAIL FROM) and resets the
 * connection with a TCP RST, as the kernel does when a sender is killed with
 * unread data: the way a server learns of a sender that died mid-message.
 */
export async function breakOffSmtpTransaction(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const replies: string[] = [];
  const reply = (code: string) =>
    eventually(`an SMTP ${code} reply`, () => (replies.join('').includes(`\r\n${code} `) || replies.join('').startsWith(`${code} `) ? true : undefined), 5_000, 10);
  socket.on('data', (chunk: Buffer) => replies.push(chunk.toString('latin1')));
  await reply('220');
  socket.write('EHLO breaker.example\r\n');
  await reply('250');
  replies.length = 0;
  socket.write('MAIL FROM:<sender@vigil.test>\r\n');
  await reply('250');
  await new Promise<void>((resolve) => socket.once('close', () => resolve()).resetAndDestroy());
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

  /** Connections senders broke off mid-message (see startLocalSmtpServer). */
  get brokenConnections(): number {
    return this.server?.brokenConnections ?? 0;
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
