import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { stripQuotedHistory } from './quoted-text';
import { ReceiveReplyUseCase } from './receive-reply.use-case';
import { ReplyAddresses } from './reply-address';

const MAX_MESSAGE_BYTES = 1024 * 1024;

class SmtpRefusal extends Error {
  constructor(message: string, readonly responseCode: number) {
    super(message);
  }
}

/** The configured STARTTLS key and certificate, read once at start; a half configuration stops the process. */
function inboundTls(config: NotificationsConfig): { key: Buffer; cert: Buffer } | null {
  const keyFile = config.INBOUND_SMTP_TLS_KEY_FILE;
  const certFile = config.INBOUND_SMTP_TLS_CERT_FILE;
  if (!keyFile && !certFile) return null;
  if (!keyFile || !certFile) throw new Error('INBOUND_SMTP_TLS_KEY_FILE and INBOUND_SMTP_TLS_CERT_FILE go together: set both or neither');
  return { key: readFileSync(keyFile), cert: readFileSync(certFile) };
}

/**
 * TKT-4 inbound: an SMTP listener for replies to ticket emails. Recipients
 * must be reply addresses Vigil signed; anything else is refused at RCPT
 * (550) and logged. The message is accepted (250) only once it is stored.
 * STARTTLS is offered when a certificate is configured.
 */
@Injectable()
export class InboundSmtpServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('InboundSmtp');
  private server: SMTPServer | null = null;

  constructor(
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly addresses: ReplyAddresses,
    private readonly receive: ReceiveReplyUseCase,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    const tls = inboundTls(this.config);
    this.server = new SMTPServer({
      authOptional: true,
      // smtp-server would offer STARTTLS with a built-in self-signed certificate: only with ours.
      disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      ...(tls ?? {}),
      logger: false,
      size: MAX_MESSAGE_BYTES,
      onRcptTo: (address, _session, callback) => {
        const resolved = this.addresses.resolve(address.address);
        if ('refused' in resolved) {
          this.log.warn(`refused reply for ${address.address}: ${resolved.refused}`);
          return callback(new SmtpRefusal('no such mailbox', 550));
        }
        callback();
      },
      onData: (stream, session, callback) => {
        this.accept(stream, session).then(
          () => callback(),
          (error: Error) => callback(error instanceof SmtpRefusal ? error : new SmtpRefusal('temporarily unable to accept the message', 451)),
        );
      },
    });
    this.server.on('error', (error) => this.log.error(`inbound SMTP: ${error.message}`));
    return new Promise((resolve) => this.server!.listen(this.config.INBOUND_SMTP_PORT, this.config.HOST, () => resolve()));
  }

  async onModuleDestroy(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async accept(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const mail = await simpleParser(stream);
    if (stream.sizeExceeded) throw new SmtpRefusal('message too large', 552);
    const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : mail.from?.value[0]?.address;
    if (!from) throw new SmtpRefusal('a reply needs a sender', 550);
    const body = stripQuotedHistory(mail.text ?? '').slice(0, 20_000);
    if (!body) {
      this.log.warn(`refused an empty reply from ${from}`);
      throw new SmtpRefusal('the reply has no text above the quoted message', 550);
    }
    // Message-IDs make a resent message a duplicate; one without gets a digest of its content.
    const messageId = mail.messageId ?? `sha256:${createHash('sha256').update(`${from}\n${body}`).digest('hex')}`;
    for (const recipient of session.envelope.rcptTo) {
      const resolved = this.addresses.resolve(recipient.address);
      if ('ticketId' in resolved) await this.receive.execute({ messageId: `${messageId}|${resolved.ticketId}`, ticketId: resolved.ticketId, fromAddress: from, body });
    }
  }
}
