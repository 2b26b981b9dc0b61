import { Injectable, type OnModuleInit } from '@nestjs/common';
import { NOTIFICATIONS_STREAM, TicketReplyReceived } from '@vigil/contracts';
import { on } from '@vigil/platform-messaging';
import { BackgroundWork } from '@vigil/platform-runtime';
import { RecordEmailReplyUseCase } from './use-cases/record-email-reply/record-email-reply.use-case';

/** Email replies received by notifications, recorded on their tickets (TKT-4). */
@Injectable()
export class TicketRepliesConsumer implements OnModuleInit {
  constructor(private readonly background: BackgroundWork, private readonly record: RecordEmailReplyUseCase) {}

  onModuleInit(): void {
    this.background.registerConsumer({
      name: 'ticketing-email-replies',
      stream: NOTIFICATIONS_STREAM.name,
      registrations: [on(TicketReplyReceived, (event, manager) => this.record.execute(event.data, manager))],
    });
  }
}
