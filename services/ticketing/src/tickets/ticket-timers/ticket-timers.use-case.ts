import { Injectable } from '@nestjs/common';
import type { TicketTimerPlan } from '@vigil/workflow-contracts';
import { UnitOfWork, TransactionClock } from '@vigil/platform-runtime';
import { ResponseClocks } from '../response-clocks';
import { TicketStatusChanger } from '../ticket-status-changer';
import { TicketRepository } from '../ticket.repository';
import { AUTOMATION_ACTOR, TicketTimerPlanner } from './ticket-timer-planner';

/**
 * The ticket's durable timers, decided from its data (TicketTimerPlanner) so
 * that planning and acting are idempotent: the response-SLA breach (TKT-2)
 * and, while waiting for the customer, reminders and the close (TKT-5).
 */
@Injectable()
export class TicketTimersUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tickets: TicketRepository,
    private readonly clocks: ResponseClocks,
    private readonly changer: TicketStatusChanger,
    private readonly planner: TicketTimerPlanner,
    private readonly time: TransactionClock,
  ) {}

  plan(ticketId: string): Promise<TicketTimerPlan> {
    return this.unitOfWork.run((manager) => this.planner.plan(manager, ticketId));
  }

  runDue(ticketId: string): Promise<void> {
    return this.unitOfWork.run(async (manager) => {
      const ticket = await this.tickets.lockForUpdate(manager, ticketId, undefined);
      if (!ticket) return;
      const nowMs = this.time.nowMs(manager);
      await this.clocks.refresh(manager, ticket, nowMs); // flags a due breach, once
      const step = await this.planner.nextWaitingStep(manager, ticket);
      if (!step || step.dueMs > nowMs) return;
      if (step.kind === 'auto-close') {
        await this.changer.apply(
          manager,
          ticket,
          {
            to: 'CLOSED',
            by: 'system',
            actor: AUTOMATION_ACTOR,
            resolution: 'AUTO_CLOSED',
            comment: 'We closed this ticket because we did not hear back. Reply or reopen it any time to continue.',
            action: 'closed automatically',
          },
          nowMs,
        );
        return;
      }
      await this.changer.comment(manager, ticket, {
        author: AUTOMATION_ACTOR,
        authorKind: 'system',
        visibility: 'PUBLIC',
        body: `Reminder: we are still waiting for your answer to go on with this ticket.`,
      });
      await this.tickets.recordHistory(manager, ticket.id, AUTOMATION_ACTOR, 'reminder sent', 'reminder', null, String(step.number));
    });
  }
}
