import { Injectable } from '@nestjs/common';
import { TicketEscalated, type EscalateTicketRequest, type TicketView, TicketingError } from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { OutboxWriter, UnitOfWork, TransactionClock } from '@vigil/platform-runtime';
import { TicketingException } from '../../../ticketing.exception';
import { IdempotencyStore } from '../../idempotency-store';

import { FINISHED_STATUSES } from '../../ticket-status';
import { actorOf, humanKind, TicketStatusChanger, tenantOf } from '../../ticket-status-changer';
import { TicketRepository } from '../../ticket.repository';

/**
 * TKT-6: any open ticket may be escalated at any time: it is flagged, the
 * history records it with the reason, and the support team lead and the head
 * of managed services are told (notifications consumes the event).
 */
@Injectable()
export class EscalateTicketUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly idempotency: IdempotencyStore,
    private readonly changer: TicketStatusChanger,
    private readonly tickets: TicketRepository,
    private readonly audit: AuditLog,
    private readonly outbox: OutboxWriter,
    private readonly time: TransactionClock,
  ) {}

  execute(request: EscalateTicketRequest): Promise<TicketView> {
    const { caller, escalation } = request;
    return this.unitOfWork.run((manager) =>
      this.idempotency.once(manager, `${actorOf(caller)}:escalate:${request.ticketId}`, request.idempotencyKey, escalation, async () => {
        const ticket = await this.changer.loadForUpdate(manager, request.ticketId, caller);
        if (FINISHED_STATUSES.includes(ticket.status)) {
          throw new TicketingException(TicketingError.Conflict, `a ${ticket.status} ticket is not open; reopen it first`, { allowedTransitions: ['IN_PROGRESS'] });
        }
        const actor = actorOf(caller);
        await this.tickets.markEscalated(manager, ticket.id);
        await this.tickets.recordHistory(manager, ticket.id, actor, 'escalated', 'escalation', null, escalation.reason);
        await this.audit.append(manager, { actor, action: 'ticket.escalated', target: `ticket:${ticket.id}`, after: { reason: escalation.reason } });
        await this.outbox.append(manager, TicketEscalated, {
          ticketId: ticket.id,
          ticketNumber: ticket.number,
          customerId: ticket.customerId,
          title: ticket.title,
          reporterEmail: ticket.reporterEmail,
          severity: ticket.severity,
          status: ticket.status,
          reason: escalation.reason,
          actorKind: humanKind(caller),
          escalatedAt: new Date(this.time.nowMs(manager)).toISOString(),
        });
        return (await this.tickets.findById(manager, ticket.id, tenantOf(caller))) as TicketView;
      }),
    );
  }
}
