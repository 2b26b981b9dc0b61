import { Injectable } from '@nestjs/common';
import { TICKETING_ACTIVITY_QUEUE, type TicketTimerActivities } from '@vigil/workflow-contracts';
import { Activities, Activity } from '@vigil/platform-runtime';
import { TicketTimersUseCase } from './ticket-timers.use-case';

type TicketRef = Parameters<TicketTimerActivities['planTicketTimers']>[0];

/** The ticket-timers workflow's activities, on ticketing's own task queue. */
@Injectable()
@Activities(TICKETING_ACTIVITY_QUEUE)
export class TicketTimersActivities implements TicketTimerActivities {
  constructor(private readonly timers: TicketTimersUseCase) {}

  @Activity()
  planTicketTimers({ ticketId }: TicketRef): ReturnType<TicketTimerActivities['planTicketTimers']> {
    return this.timers.plan(ticketId);
  }

  @Activity()
  runDueTicketTimers({ ticketId }: TicketRef): ReturnType<TicketTimerActivities['runDueTicketTimers']> {
    return this.timers.runDue(ticketId);
  }
}
