import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TICKETING_STREAM, TicketCreated } from '@vigil/contracts';
import { on } from '@vigil/platform-messaging';
import { BackgroundWork } from '@vigil/platform-runtime';
import { EmailQueueRepository } from '../email/email-queue.repository';
import { EmailSender } from '../email/email-sender';
import { ticketCreatedEmail } from '../email/templates';

/** TKT-4: the reporter hears about their ticket by email. */
@Injectable()
export class TicketEmailsConsumer implements OnModuleInit {
  constructor(
    private readonly background: BackgroundWork,
    private readonly queue: EmailQueueRepository,
    private readonly sender: EmailSender,
  ) {}

  onModuleInit(): void {
    this.background.registerConsumer({
      name: 'notifications-ticket-emails',
      stream: TICKETING_STREAM.name,
      registrations: [
        on(TicketCreated, async (event, manager) => {
          await this.queue.enqueue(manager, {
            dedupeKey: `ticket-created:${event.data.ticketId}`,
            recipients: [event.data.reporterEmail],
            ...ticketCreatedEmail(event.data),
          });
        }),
      ],
      afterCommit: () => this.sender.kick(),
    });
  }
}
