import { TicketTimerCommands } from '../../ticket-timers/ticket-timer-commands';
import { TicketTimerPlanner } from '../../ticket-timers/ticket-timer-planner';
import { Injectable } from '@nestjs/common';
import { TicketCreated, type CreateTicketRequest, type TicketView, TicketingError } from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { OutboxWriter, UnitOfWork, TransactionClock } from '@vigil/platform-runtime';
import { TicketingException } from '../../../ticketing.exception';
import { IdempotencyStore } from '../../idempotency-store';
import { ResponseClocks } from '../../response-clocks';
import { actorOf } from '../../ticket-status-changer';
import { TicketRepository } from '../../ticket.repository';

/** A support ticket from a customer user or from staff on a customer's behalf; the response clock starts (TKT-2). */
@Injectable()
export class CreateTicketUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly idempotency: IdempotencyStore,
    private readonly tickets: TicketRepository,
    private readonly audit: AuditLog,
    private readonly outbox: OutboxWriter,
    private readonly time: TransactionClock,
    private readonly timers: TicketTimerCommands,
    private readonly timerPlanner: TicketTimerPlanner,
  ) {}

  execute(request: CreateTicketRequest): Promise<TicketView> {
    const { caller, ticket: input } = request;
    // Without a key the creation only reads, then appends: one statement writes it all. A key's claim and answer need a transaction.
    const unit = request.idempotencyKey ? this.unitOfWork.run.bind(this.unitOfWork) : this.unitOfWork.runAsOneStatement.bind(this.unitOfWork);
    return unit((manager) =>
      this.idempotency.once(manager, `${actorOf(caller)}:create-ticket`, request.idempotencyKey, input, async () => {
        // A customer user files for its own customer, whatever the body says.
        const customerId = caller.kind === 'customer' ? caller.customerId : input.customerId;
        if (!customerId) throw new TicketingException(TicketingError.InvalidRequest, 'customerId: staff must say for which customer the ticket is');
        if (caller.kind === 'customer' && input.customerId && input.customerId !== caller.customerId) {
          throw new TicketingException(TicketingError.NotFound, `customer ${input.customerId} not found`);
        }
        if (caller.kind === 'customer' && input.reporterEmail) throw new TicketingException(TicketingError.InvalidRequest, 'reporterEmail: a customer user reports as themselves');
        const basis = await this.tickets.prepareNewTicket(manager, customerId, input.environmentId ?? null);
        if (!basis) throw new TicketingException(TicketingError.NotFound, `customer ${customerId} not found`);
        if (basis.found === 'customer only') throw new TicketingException(TicketingError.NotFound, `environment ${input.environmentId} not found`);
        // As stored from here on: the answer must match what readers will see, whatever case the request's ids used.
        const { profile, environmentId } = basis;
        const reporterEmail = (caller.kind === 'customer' ? caller.email : input.reporterEmail) ?? profile.contactEmail;
        const sla = ResponseClocks.atCreation(profile, input.severity, this.time.nowMs(manager));
        const actor = actorOf(caller);
        const created = await this.tickets.createAtCommit(
          manager,
          {
            customerId: profile.customerId,
            environmentId,
            type: 'SUPPORT',
            severity: input.severity,
            title: input.title,
            description: input.description,
            reporter: actor,
            reporterEmail,
            slaTargetMinutes: sla.targetMinutes,
            actor,
          },
          sla.projection,
          basis.number,
        );
        await this.audit.append(manager, {
          actor,
          action: 'ticket.created',
          target: `ticket:${created.id}`,
          after: { number: created.number, type: 'SUPPORT', severity: input.severity, customerId: created.customerId },
        });
        await this.outbox.append(manager, TicketCreated, {
          ticketId: created.id,
          ticketNumber: created.number,
          customerId: created.customerId,
          customerName: profile.name,
          type: 'SUPPORT',
          severity: input.severity,
          title: input.title,
          reporterEmail,
          createdAt: created.createdAt,
        });
        // The timers workflow starts with its first plan (the response clock's due time), made here rather than in an activity.
        await this.timers.created(manager, created.id, this.timerPlanner.firstPlan(sla.projection, this.time.nowMs(manager)));
        return created;
      }),
    );
  }
}
