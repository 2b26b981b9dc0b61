import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createTransport, type Transporter } from 'nodemailer';
import { claimLeased, WakeableLoop } from '@vigil/platform-persistence';
import { inSpan, SpanKind } from '@vigil/platform-observability';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { EmailQueueRepository, type EmailToSend, type QueuedEmail } from './email-queue.repository';

const LEASE_MS = 60_000;
const BATCH = 20;

/**
 * Drains the emails table over SMTP. Rows are claimed with a lease so several
 * instances never send the same email concurrently, and marked sent only after
 * the relay accepted them. The Message-ID derives from the row id, so the rare
 * resend after a crash between accept and mark is recognisable as a duplicate.
 */
@Injectable()
export class EmailSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(EmailSender.name);
  private readonly transport: Transporter;
  private readonly loop = new WakeableLoop('EmailSender', () => this.sendBatch(), 1_000);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly emails: EmailQueueRepository,
  ) {
    this.transport = createTransport(config.SMTP_URL);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    this.transport.close();
  }

  /** Queues one email in its own transaction and starts sending at once. */
  async queue(email: EmailToSend): Promise<void> {
    await this.dataSource.transaction((manager) => this.emails.enqueue(manager, email));
    this.kick();
  }

  /** Called after a commit that queued email, so sending starts at once. */
  kick(): void {
    this.loop.kick();
  }

  private async sendBatch(): Promise<number> {
    const ids = await this.dataSource.transaction((m) => claimLeased(m, 'notifications.emails', 'sent_at', BATCH, LEASE_MS));
    if (ids.length === 0) return 0;
    let sent = 0;
    for (const email of await this.emails.load(this.dataSource.manager, ids)) {
      try {
        await this.send(email);
        await this.emails.markSent(this.dataSource.manager, email.id);
        sent++;
      } catch (error) {
        // Left leased: retried once the lease runs out.
        this.log.warn(`email ${email.id} not sent yet: ${(error as Error).message}`);
        await this.emails.recordFailure(this.dataSource.manager, email.id, (error as Error).message);
      }
    }
    return sent;
  }

  private send(email: QueuedEmail): Promise<unknown> {
    return inSpan(
      'smtp send',
      () =>
        this.transport.sendMail({
          from: this.config.MAIL_FROM,
          to: email.recipients,
          subject: email.subject,
          text: email.body,
          ...(email.replyTo ? { replyTo: email.replyTo } : {}),
          messageId: `<${email.id}@vigil>`,
        }),
      { carrier: email.traceContext, kind: SpanKind.CLIENT, attributes: { 'vigil.email.id': email.id } },
    );
  }
}
