import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OutageOpened, OutageRestored, TICKETING_STREAM, TicketStatusChanged } from '@vigil/contracts';
import { BackgroundWork } from '@vigil/platform-runtime';
import { on } from '@vigil/platform-messaging';
import { DriveOutageWorkflowUseCase } from './use-cases/drive-outage-workflow/drive-outage-workflow.use-case';
import { FollowOutageTicketUseCase } from './use-cases/follow-outage-ticket/follow-outage-ticket.use-case';

/**
 * Hands outage events to Temporal. One consumer for all subjects keeps
 * "opened" ahead of "restored" and of the ticket's changes for the same outage.
 */
@Injectable()
export class OutageWorkflowsConsumer implements OnModuleInit {
  constructor(
    private readonly background: BackgroundWork,
    private readonly drive: DriveOutageWorkflowUseCase,
    private readonly followTicket: FollowOutageTicketUseCase,
  ) {}

  onModuleInit(): void {
    this.background.registerConsumer({
      name: 'ticketing-outage-workflows',
      stream: TICKETING_STREAM.name,
      registrations: [
        on(OutageOpened, (event) => this.drive.start(event.data)),
        on(OutageRestored, (event) => this.drive.signalRestored(event.data)),
        on(TicketStatusChanged, (event, manager) => this.followTicket.execute(event.data, manager)),
      ],
    });
  }
}
