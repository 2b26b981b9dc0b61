import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { TICKETING_STREAM, TicketCommented, TicketCreated, TicketStatusChanged } from '@vigil/contracts';
import { on } from '@vigil/platform-messaging';
import { BackgroundWork, TEMPORAL_CLIENT } from '@vigil/platform-runtime';
import { TICKET_TIMERS_WORKFLOW, TicketSignals, WORKFLOW_TASK_QUEUE, ticketWorkflowId } from '@vigil/workflow-contracts';

/**
 * Every ticket change reaches the ticket's timers workflow (signal-with-start:
 * it is started if it is not running), which then replans; a redelivered
 * event only causes a harmless replan.
 */
@Injectable()
export class TicketTimersConsumer implements OnModuleInit {
  constructor(private readonly background: BackgroundWork, @Inject(TEMPORAL_CLIENT) private readonly temporal: Client) {}

  onModuleInit(): void {
    const changed = (ticketId: string) =>
      this.temporal.workflow
        .signalWithStart(TICKET_TIMERS_WORKFLOW, {
          workflowId: ticketWorkflowId(ticketId),
          taskQueue: WORKFLOW_TASK_QUEUE,
          args: [{ ticketId }],
          signal: TicketSignals.changed,
          signalArgs: [],
        })
        .then(() => undefined);
    this.background.registerConsumer({
      name: 'ticketing-ticket-timers',
      stream: TICKETING_STREAM.name,
      registrations: [
        // Outage tickets run on the outage-recovery workflow's clock (MON-3, 30 minutes), stricter than S1's response target.
        on(TicketCreated, async (event) => (event.data.type === 'OUTAGE' ? undefined : changed(event.data.ticketId))),
        on(TicketStatusChanged, (event) => changed(event.data.ticketId)),
        on(TicketCommented, (event) => changed(event.data.ticketId)),
      ],
    });
  }
}
