import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TicketTimerPlan } from '@vigil/workflow-contracts';
import { UnitOfWork, TransactionClock } from '@vigil/platform-runtime';
import { TICKETING_CONFIG, type TicketingConfig } from '../../config';
import { ResponseClocks } from '../response-clocks';
import { TicketStatusChanger } from '../ticket-status-changer';
import { TicketRepository, type TicketForUpdate } from '../ticket.repository';

export const AUTOMATION_ACTOR = 'system:automation';

type WaitingStep = { kind: 'reminder'; number: 1 | 2; dueMs: number } | { kind: 'auto-close'; dueMs: number };

/**
 * The ticket's durable timers, decided from its data so that planning and
 * acting are idempotent: the response-SLA breach (TKT-2) and, while waiting
 * for the customer, reminders at 3 and 6 days and the close at 12 (TKT-5).
 */
@Injectable()
export class TicketTimersUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tickets: TicketRepository,
    private readonly clocks: ResponseClocks,
    private readonly changer: TicketStatusChanger,
    @Inject(TICKETING_CONFIG) private readonly config: TicketingConfig,
    private readonly time: TransactionClock,
  ) {}

  plan(ticketId: string): Promise<TicketTimerPlan> {
    return this.unitOfWork.run(async (manager) => {
      const ticket = await this.tickets.lockForUpdate(manager, ticketId, undefined);
      if (!ticket) return { nextAt: null };
      const due: number[] = [];
      const clock = await this.clocks.evaluate(manager, ticket, this.time.nowMs(manager));
      if (clock?.state === 'RUNNING' && ticket.slaBreachedAt === null && clock.dueAtMs !== null) due.push(clock.dueAtMs);
      const step = await this.nextWaitingStep(manager, ticket);
      if (step) due.push(step.dueMs);
      if (due.length === 0) return { nextAt: null };
      const nextMs = Math.min(...due);
      return { nextAt: new Date(nextMs).toISOString(), waitMs: Math.max(0, nextMs - this.time.nowMs(manager)) };
    });
  }

  runDue(ticketId: string): Promise<void> {
    return this.unitOfWork.run(async (manager) => {
      const ticket = await this.tickets.lockForUpdate(manager, ticketId, undefined);
      if (!ticket) return;
      const nowMs = this.time.nowMs(manager);
      await this.clocks.refresh(manager, ticket, nowMs); // flags a due breach, once
      const step = await this.nextWaitingStep(manager, ticket);
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

  private async nextWaitingStep(manager: EntityManager, ticket: TicketForUpdate): Promise<WaitingStep | null> {
    if (ticket.status !== 'WAITING_FOR_CUSTOMER') return null;
    const { lastChangeAt, remindersSent } = await this.tickets.waitingState(manager, ticket.id, AUTOMATION_ACTOR);
    const since = lastChangeAt.getTime();
    if (remindersSent === 0) return { kind: 'reminder', number: 1, dueMs: since + this.config.TICKET_FIRST_REMINDER_AFTER_MS };
    if (remindersSent === 1) return { kind: 'reminder', number: 2, dueMs: since + this.config.TICKET_SECOND_REMINDER_AFTER_MS };
    return { kind: 'auto-close', dueMs: since + this.config.TICKET_AUTO_CLOSE_AFTER_MS };
  }
}
