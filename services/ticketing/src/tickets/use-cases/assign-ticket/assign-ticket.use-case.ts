import { Injectable } from '@nestjs/common';
import type { AssignTicketRequest, TicketView } from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { UnitOfWork } from '@vigil/platform-runtime';
import { IdempotencyStore } from '../../idempotency-store';
import { actorOf, TicketStatusChanger, tenantOf } from '../../ticket-status-changer';
import { TicketRepository } from '../../ticket.repository';

/** Staff assign a ticket to an engineer (or unassign it); the history keeps from → to (TKT-7). */
@Injectable()
export class AssignTicketUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly idempotency: IdempotencyStore,
    private readonly changer: TicketStatusChanger,
    private readonly tickets: TicketRepository,
    private readonly audit: AuditLog,
  ) {}

  execute(request: AssignTicketRequest): Promise<TicketView> {
    const { caller, assignment } = request;
    return this.unitOfWork.run((manager) =>
      this.idempotency.once(manager, `${actorOf(caller)}:assign:${request.ticketId}`, request.idempotencyKey, assignment, async () => {
        const ticket = await this.changer.loadForUpdate(manager, request.ticketId, caller);
        const actor = actorOf(caller);
        const previous = await this.tickets.assign(manager, ticket.id, assignment.assigneeId);
        if (previous !== assignment.assigneeId) {
          await this.tickets.recordHistory(manager, ticket.id, actor, assignment.assigneeId ? 'assigned' : 'unassigned', 'assignee', previous, assignment.assigneeId);
          await this.audit.append(manager, { actor, action: 'ticket.assigned', target: `ticket:${ticket.id}`, before: { assigneeId: previous }, after: assignment });
        }
        return (await this.tickets.findById(manager, ticket.id, tenantOf(caller))) as TicketView;
      }),
    );
  }
}
