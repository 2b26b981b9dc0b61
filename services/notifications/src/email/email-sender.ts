import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Transporter } from 'nodemailer';
import { Clock } from '@vigil/platform-clock';
import { WakeableLoop } from '@vigil/platform-persistence';
import { inSpan, SpanKind } from '@vigil/platform-observability';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { createSmtpPool } from './smtp-pool';
import { EmailQueueRepository, PAGE_RANK, type EmailToSend, type QueuedEmail } from './email-queue.repository';

const LEASE_MS = 60_000;
/**
 * A claimed email still not handed to SMTP after this long is given back
 * rather than sent: together with the SMTP timeouts below, a send always
 * starts and ends within the lease, so no other replica can claim it meanwhile.
 */
const HAND_BACK_AFTER_MS = 20_000;
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
/** Pages first, then queue order (the claim's `ORDER BY priority, seq`). */
const PAGES_FIRST = (a: QueuedEmail, b: QueuedEmail) => a.priorityRank - b.priorityRank || a.seq - b.seq;

type ClaimedEmail = QueuedEmail & { claimedAtMs: number };

/**
 * Drains the emails table over a pool of SMTP connections (issue 19).
 * Rows are claimed with a lease, so several instances never send the same
 * email, and marked sent (in batches) only after the relay accepted them. The Message-ID
 * derives from the row id, so the rare resend after a crash between accept
 * and mark is recognisable as a duplicate.
 *
 * Pages never wait behind routine mail for more than one send: the claim
 * takes pages first, this instance holds at most one batch (as many emails as
 * connections) beyond those being sent, and every kick (a commit that queued
 * email here) claims waiting pages at once, ahead of the held routine ones.
 */
@Injectable()
export class EmailSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(EmailSender.name);
  private readonly transport: Transporter;
  private readonly loop = new WakeableLoop('EmailSender', () => this.claim(), 1_000);
  private readonly connections: number;
  /** Claimed and not yet handed to SMTP, pages first. */
  private held: ClaimedEmail[] = [];
  private readonly sending = new Set<Promise<void>>();
  /** Accepted by the relay, not yet marked sent: marked together, so a connection never waits for a commit. */
  private accepted: string[] = [];
  private marking: Promise<void> | null = null;
  /** Set by kick(): a page may have been queued, claim pages even when this instance holds a full batch. */
  private newEmailQueued = false;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly emails: EmailQueueRepository,
    private readonly clock: Clock,
  ) {
    this.connections = config.SMTP_MAX_CONNECTIONS;
    this.transport = createSmtpPool(config.SMTP_URL, { maxConnections: this.connections, maxMessagesPerSecond: config.SMTP_MAX_MESSAGES_PER_SECOND, ...SMTP_TIMEOUTS });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    const unsent = this.held.map((e) => e.id);
    this.held = [];
    await Promise.allSettled([...this.sending]);
    await this.marking;
    await this.emails.releaseLeases(this.dataSource.manager, unsent).catch((error: Error) => this.log.warn(`leases not given back (they run out): ${error.message}`));
    this.transport.close();
  }

  /** Queues one email in its own transaction and starts sending at once. */
  async queue(email: EmailToSend): Promise<void> {
    await this.dataSource.transaction((manager) => this.emails.enqueue(manager, email));
    this.kick();
  }

  /** Called after a commit that queued email, so sending starts at once. */
  kick(): void {
    this.newEmailQueued = true;
    this.loop.kick();
  }

  /** One round of the loop: claims what there is room for; returns how many it claimed. */
  private async claim(): Promise<number> {
    const room = 2 * this.connections - this.held.length - this.sending.size;
    const pagesOnly = room <= 0;
    if (pagesOnly && !this.newEmailQueued) return 0;
    this.newEmailQueued = false;
    const emails = await this.emails.claim(this.dataSource, pagesOnly ? this.connections : room, LEASE_MS, pagesOnly);
    if (emails.length === 0) return 0;
    const claimedAtMs = this.clock.nowMs();
    this.held = [...this.held, ...emails.map((e) => ({ ...e, claimedAtMs }))].sort(PAGES_FIRST);
    this.startSends();
    return emails.length;
  }

  /** Hands held emails to free connections, pages first. */
  private startSends(): void {
    while (this.sending.size < this.connections && this.held.length > 0) {
      const email = this.held.shift()!;
      if (this.clock.nowMs() - email.claimedAtMs > HAND_BACK_AFTER_MS) {
        this.emails.releaseLeases(this.dataSource.manager, [email.id]).catch(() => undefined); // else its lease runs out
        continue;
      }
      const send: Promise<void> = this.deliver(email).finally(() => {
        this.sending.delete(send);
        this.startSends();
        // Down to the emails being sent: claim the next batch while they finish.
        if (this.held.length === 0) this.loop.kick();
      });
      this.sending.add(send);
    }
  }

  private async deliver(email: QueuedEmail): Promise<void> {
    try {
      await this.send(email);
    } catch (error) {
      // Left leased: retried once the lease runs out.
      this.log.warn(`email ${email.id} not sent yet: ${(error as Error).message}`);
      await this.emails.recordFailure(this.dataSource.manager, email.id, (error as Error).message).catch(() => undefined);
      return;
    }
    this.accepted.push(email.id);
    this.markAccepted();
  }

  /** One UPDATE for whatever the relay accepted meanwhile; the rows stay leased (to this instance) until it commits. */
  private markAccepted(): void {
    if (this.marking) return; // the running round takes these next
    this.marking = (async () => {
      while (this.accepted.length > 0) {
        const ids = this.accepted.splice(0);
        // Unmarked, they are sent again once their lease runs out, with the same Message-ID (decision 0005).
        await this.emails.markSent(this.dataSource.manager, ids).catch((error: Error) => this.log.warn(`${ids.length} sent emails not marked sent: ${error.message}`));
      }
    })().finally(() => {
      this.marking = null;
    });
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
      { carrier: email.traceContext, kind: SpanKind.CLIENT, attributes: { 'vigil.email.id': email.id, 'vigil.email.priority': email.priorityRank === PAGE_RANK ? 'page' : 'routine' } },
    );
  }
}
