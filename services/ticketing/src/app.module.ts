import { Global, Module } from '@nestjs/common';
import { PlatformModule } from '@vigil/platform-runtime';
import { OutagesModule } from './outages/outages.module';
import { TicketsModule } from './tickets/tickets.module';
import { CustomerDirectoryFeedModule } from './customers/customer-directory-feed.module';
import { loadTicketingConfig, TICKETING_CONFIG } from './config';
import { ticketingService } from './service-definition';

@Global()
@Module({ providers: [{ provide: TICKETING_CONFIG, useFactory: loadTicketingConfig }], exports: [TICKETING_CONFIG] })
class TicketingConfigModule {}

@Module({ imports: [PlatformModule.forService(ticketingService), TicketingConfigModule, TicketsModule, OutagesModule, CustomerDirectoryFeedModule] })
export class AppModule {}
