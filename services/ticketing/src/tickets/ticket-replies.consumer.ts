import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NOTIFICATIONS_STREAM, TicketReplyReceived, type EventEnvelope, type TicketReplyReceivedData } from '@vigil/contracts';
import { ConsumesEvents, OnEvent } from '@vigil/platform-runtime';
import { RecordEmailReplyUseCase } from './use-cases/record-email-reply/record-email-reply.use-case';

/** Email replies received by notifications, recorded on their tickets (TKT-4). */
@Injectable()
@ConsumesEvents({ durable: 'ticketing-email-replies', stream: NOTIFICATIONS_STREAM })
export class TicketRepliesConsumer {
  constructor(private readonly record: RecordEmailReplyUseCase) {}

  @OnEvent(TicketReplyReceived)
  received(event: EventEnvelope<TicketReplyReceivedData>, manager: EntityManager): Promise<void> {
    return this.record.execute(event.data, manager);
  }
}
