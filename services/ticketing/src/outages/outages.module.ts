import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { TicketsModule } from '../tickets/tickets.module';
import { AlertsConsumer } from './alerts.consumer';
import { OutageRepository } from './outage.repository';
import { OutageRecoveryCommands } from './outage-recovery-commands';
import { TicketingActivities } from './ticketing.activities';
import { EnvironmentOutages } from './environment-outages';
import { OutagesHandler } from './outages.handler';
import { GetAvailabilityUseCase } from './use-cases/get-availability/get-availability.use-case';
import { ListOutagesUseCase } from './use-cases/list-outages/list-outages.use-case';
import { AcknowledgeOutageUseCase } from './use-cases/acknowledge-outage/acknowledge-outage.use-case';
import { FollowOutageTicketUseCase } from './use-cases/follow-outage-ticket/follow-outage-ticket.use-case';
import { OpenOrAttachOutageUseCase } from './use-cases/open-or-attach-outage/open-or-attach-outage.use-case';
import { RecordAlertResolutionUseCase } from './use-cases/record-alert-resolution/record-alert-resolution.use-case';
import { RecordRecoveryTargetBreachUseCase } from './use-cases/record-recovery-target-breach/record-recovery-target-breach.use-case';

@Module({
  imports: [CustomersModule, TicketsModule],
  providers: [
    OutageRepository,
    EnvironmentOutages,
    OpenOrAttachOutageUseCase,
    RecordAlertResolutionUseCase,
    OutageRecoveryCommands,
    RecordRecoveryTargetBreachUseCase,
    AcknowledgeOutageUseCase,
    FollowOutageTicketUseCase,
    ListOutagesUseCase,
    GetAvailabilityUseCase,
    OutagesHandler,
    AlertsConsumer,
    TicketingActivities,
  ],
})
export class OutagesModule {}
