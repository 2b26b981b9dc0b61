import { Module } from '@nestjs/common';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { InboundSmtpServer } from './inbound-smtp.server';
import { ReceiveReplyUseCase } from './receive-reply.use-case';
import { ReplyAddresses } from './reply-address';

/** Replies to ticket emails (TKT-4): signed reply addresses out, an SMTP listener in. */
@Module({
  providers: [
    { provide: ReplyAddresses, inject: [NOTIFICATIONS_CONFIG], useFactory: (c: NotificationsConfig) => new ReplyAddresses(c.REPLY_TOKEN_SECRET, c.REPLY_DOMAIN) },
    ReceiveReplyUseCase,
    InboundSmtpServer,
  ],
  exports: [ReplyAddresses],
})
export class InboundModule {}
