import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TICKETING_ACTIVITY_QUEUE, type TicketTimerActivities } from '@vigil/workflow-contracts';
import { BackgroundWork } from '@vigil/platform-runtime';
import { TicketTimersUseCase } from './ticket-timers.use-case';

/** The ticket-timers workflow's activities, on ticketing's own task queue. */
@Injectable()
export class TicketTimersActivities implements OnModuleInit {
  constructor(private readonly background: BackgroundWork, private readonly timers: TicketTimersUseCase) {}

  onModuleInit(): void {
    const activities: TicketTimerActivities = {
      planTicketTimers: ({ ticketId }) => this.timers.plan(ticketId),
      runDueTicketTimers: ({ ticketId }) => this.timers.runDue(ticketId),
    };
    this.background.registerActivities(TICKETING_ACTIVITY_QUEUE, activities);
  }
}
