import { Module } from '@nestjs/common';
import { EmailQueueRepository } from './email-queue.repository';
import { EmailSender } from './email-sender';

@Module({ providers: [EmailQueueRepository, EmailSender], exports: [EmailQueueRepository, EmailSender] })
export class EmailModule {}
