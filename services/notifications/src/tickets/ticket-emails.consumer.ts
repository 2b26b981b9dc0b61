import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  TICKETING_STREAM,
  TicketCommented,
  TicketCreated,
  TicketEscalated,
  TicketStatusChanged,
  type EventEnvelope,
  type TicketCommentedData,
  type TicketCreatedData,
  type TicketEscalatedData,
  type TicketStatusChangedData,
} from '@vigil/contracts';
import { AfterCommit, ConsumesEvents, OnEvent } from '@vigil/platform-runtime';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { EmailQueueRepository } from '../email/email-queue.repository';
import { EmailSender } from '../email/email-sender';
import { ReplyAddresses } from '../inbound/reply-address';
import { staffCommentEmail, ticketCreatedEmail, ticketEscalatedEmail, ticketReopenedEmail, ticketStatusEmail } from '../email/templates';

/** TKT-4: the support team hears when a customer brings a ticket back from these. */
const REOPEN_SOURCES = ['WAITING_FOR_CUSTOMER', 'CLOSED'];

/**
 * TKT-4 and TKT-6 emails: the customer and team mail is routine, an
 * escalation is a page (issue 19). Each is queued under its event's id, so an event
 * delivered twice still sends one email.
 */
@Injectable()
@ConsumesEvents({ durable: 'notifications-ticket-emails', stream: TICKETING_STREAM })
export class TicketEmailsConsumer {
  constructor(
    private readonly queue: EmailQueueRepository,
    private readonly sender: EmailSender,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly replies: ReplyAddresses,
  ) {}

  @OnEvent(TicketCreated)
  async created(event: EventEnvelope<TicketCreatedData>, manager: EntityManager): Promise<void> {
    await this.queue.enqueue(manager, {
      dedupeKey: `ticket-created:${event.data.ticketId}`,
      priority: 'routine',
      recipients: [event.data.reporterEmail],
      replyTo: this.replies.addressFor(event.data.ticketId),
      ...ticketCreatedEmail(event.data),
    });
  }

  @OnEvent(TicketStatusChanged)
  async statusChanged(event: EventEnvelope<TicketStatusChangedData>, manager: EntityManager): Promise<void> {
    const change = event.data;
    if (change.actorKind === 'customer' && change.to === 'IN_PROGRESS') {
      // The customer brought it back: the team needs to know, the customer already does.
      if (REOPEN_SOURCES.includes(change.from)) {
        await this.queue.enqueue(manager, { dedupeKey: `ticket-reopened:${event.id}`, priority: 'routine', recipients: [this.config.SUPPORT_TEAM_EMAIL], ...ticketReopenedEmail(change) });
      }
      return;
    }
    const email = ticketStatusEmail(change);
    if (email) {
      await this.queue.enqueue(manager, { dedupeKey: `ticket-status:${event.id}`, priority: 'routine', recipients: [change.reporterEmail], replyTo: this.replies.addressFor(change.ticketId), ...email });
    }
  }

  @OnEvent(TicketCommented)
  async commented(event: EventEnvelope<TicketCommentedData>, manager: EntityManager): Promise<void> {
    const comment = event.data;
    // Staff comments and the automatic reminders (TKT-5) reach the reporter; the reporter's own do not.
    if (comment.authorKind === 'customer' || comment.visibility !== 'PUBLIC' || comment.withStatusChange) return;
    await this.queue.enqueue(manager, {
      dedupeKey: `ticket-comment:${comment.commentId}`,
      priority: 'routine',
      recipients: [comment.reporterEmail],
      replyTo: this.replies.addressFor(comment.ticketId),
      ...staffCommentEmail(comment),
    });
  }

  @OnEvent(TicketEscalated)
  async escalated(event: EventEnvelope<TicketEscalatedData>, manager: EntityManager): Promise<void> {
    await this.queue.enqueue(manager, {
      dedupeKey: `ticket-escalated:${event.id}`,
      // TKT-6: the team lead and the head of managed services are paged, not queued behind customer mail.
      priority: 'page',
      recipients: [this.config.TEAM_LEAD_EMAIL, this.config.HEAD_OF_MANAGED_SERVICES_EMAIL],
      ...ticketEscalatedEmail(event.data),
    });
  }

  /** Queued emails go out right after the commit, not at the sender's next poll. */
  @AfterCommit()
  wakeSender(): void {
    this.sender.kick();
  }
}
