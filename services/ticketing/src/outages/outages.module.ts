import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { TicketsModule } from '../tickets/tickets.module';
import { AlertsConsumer } from './alerts.consumer';
import { OutageRepository } from './outage.repository';
import { OutageWorkflowsConsumer } from './outage-workflows.consumer';
import { TicketingActivities } from './ticketing.activities';
import { DriveOutageWorkflowUseCase } from './use-cases/drive-outage-workflow/drive-outage-workflow.use-case';
import { OpenOrAttachOutageUseCase } from './use-cases/open-or-attach-outage/open-or-attach-outage.use-case';
import { RecordAlertResolutionUseCase } from './use-cases/record-alert-resolution/record-alert-resolution.use-case';
import { RecordRecoveryTargetBreachUseCase } from './use-cases/record-recovery-target-breach/record-recovery-target-breach.use-case';

@Module({
  imports: [CustomersModule, TicketsModule],
  providers: [
    OutageRepository,
    OpenOrAttachOutageUseCase,
    RecordAlertResolutionUseCase,
    DriveOutageWorkflowUseCase,
    RecordRecoveryTargetBreachUseCase,
    AlertsConsumer,
    OutageWorkflowsConsumer,
    TicketingActivities,
  ],
})
export class OutagesModule {}
