import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module';
import { CustomersModule } from './customers.module';
import { CustomerDirectoryConsumer } from './customer-directory.consumer';
import { CustomerDirectoryFeed } from './customer-directory-feed';
import { CustomerDirectoryHandler } from './customer-directory.handler';

@Module({ imports: [CustomersModule, TicketsModule], providers: [CustomerDirectoryFeed, CustomerDirectoryConsumer, CustomerDirectoryHandler] })
export class CustomerDirectoryFeedModule {}
