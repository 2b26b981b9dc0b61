import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TicketCommented, TicketStatusChanged, type Caller, type Resolution, type TicketComment, type TicketStatus, type TicketStatusChangedData, TicketingError } from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { OutboxWriter } from '@vigil/platform-runtime';
import { TicketingException } from '../ticketing.exception';
import { ResponseClocks } from './response-clocks';
import { decideTransition, type TransitionActor } from './ticket-status';
import { TicketRepository, type TicketForUpdate } from './ticket.repository';
import { TicketStatusFollowers } from './ticket-status-followers';
import { TicketTimerCommands } from './ticket-timers/ticket-timer-commands';

/** Audit and history name callers the same way everywhere. */
export { actorOf } from '@vigil/contracts';

/** Rule 4 / ACC-6: a customer's command reaches only its own customer's tickets. */
export { tenantOf } from '@vigil/contracts';

/** Ticket contracts admit staff and customer users only; a system caller never gets this far. */
export function humanKind(caller: Caller): 'staff' | 'customer' {
  if (caller.kind === 'system') throw new TicketingException(TicketingError.InvalidRequest, 'ticket changes are made by people, not by system callers');
  return caller.kind;
}

export interface StatusChange {
  to: TicketStatus;
  by: TransitionActor;
  actor: string;
  comment?: string;
  resolution?: Resolution;
  action?: string;
}

/**
 * Applies one TKT-1 transition inside the caller's transaction: decides it,
 * or refuses with nothing changed; then status, history (TKT-7), the comment,
 * the response clock (TKT-2), the audit entry and the events, together.
 */
@Injectable()
export class TicketStatusChanger {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly clocks: ResponseClocks,
    private readonly audit: AuditLog,
    private readonly outbox: OutboxWriter,
    private readonly timers: TicketTimerCommands,
    private readonly followers: TicketStatusFollowers,
  ) {}

  async loadForUpdate(manager: EntityManager, ticketId: string, caller: Caller): Promise<TicketForUpdate> {
    const ticket = await this.tickets.lockForUpdate(manager, ticketId, caller.kind === 'customer' ? caller.customerId : undefined);
    if (!ticket) throw new TicketingException(TicketingError.NotFound, `ticket ${ticketId} not found`);
    return ticket;
  }

  async apply(manager: EntityManager, ticket: TicketForUpdate, change: StatusChange, nowMs: number): Promise<void> {
    const verdict = decideTransition({ from: ticket.status, to: change.to, by: change.by, comment: change.comment, resolution: change.resolution });
    if (!verdict.allowed) {
      if (verdict.reason === 'ILLEGAL_TRANSITION') throw new TicketingException(TicketingError.Conflict, verdict.message, { allowedTransitions: verdict.allowedTargets });
      throw new TicketingException(TicketingError.Unprocessable, verdict.message);
    }
    const resolution = change.resolution ?? null;
    await this.tickets.changeStatus(manager, ticket.id, change.to, ['RESOLVED', 'CLOSED'].includes(change.to) ? resolution : null);
    await this.tickets.recordHistory(manager, ticket.id, change.actor, change.action ?? 'status changed', 'status', ticket.status, change.to);
    if (resolution) await this.tickets.recordHistory(manager, ticket.id, change.actor, 'resolution set', 'resolution', null, resolution);
    if (change.comment) {
      await this.comment(manager, ticket, { author: change.actor, authorKind: change.by, visibility: 'PUBLIC', body: change.comment }, true);
    }
    await this.clocks.refresh(manager, ticket, nowMs);
    await this.audit.append(manager, {
      actor: change.actor,
      action: 'ticket.status-changed',
      target: `ticket:${ticket.id}`,
      before: { status: ticket.status },
      after: { status: change.to, resolution },
    });
    const changed: TicketStatusChangedData = {
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      customerId: ticket.customerId,
      title: ticket.title,
      reporterEmail: ticket.reporterEmail,
      from: ticket.status,
      to: change.to,
      resolution,
      comment: change.comment ?? null,
      actorKind: change.by,
      changedAt: new Date(nowMs).toISOString(),
    };
    await this.outbox.append(manager, TicketStatusChanged, changed);
    await this.followers.notify(manager, changed);
    await this.timers.changed(manager, ticket.id);
    ticket.status = change.to;
  }

  async comment(
    manager: EntityManager,
    ticket: TicketForUpdate,
    c: { author: string; authorKind: TicketComment['authorKind']; visibility: TicketComment['visibility']; body: string },
    withStatusChange = false,
  ): Promise<TicketComment> {
    const comment = await this.tickets.addComment(manager, { ticketId: ticket.id, ...c });
    await this.tickets.touch(manager, ticket.id);
    await this.audit.append(manager, { actor: c.author, action: 'ticket.commented', target: `ticket:${ticket.id}`, after: { commentId: comment.id, visibility: c.visibility } });
    await this.outbox.append(manager, TicketCommented, {
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      customerId: ticket.customerId,
      title: ticket.title,
      reporterEmail: ticket.reporterEmail,
      commentId: comment.id,
      authorKind: c.authorKind,
      visibility: c.visibility,
      body: c.body,
      withStatusChange,
      createdAt: comment.createdAt,
    });
    // A comment with a status change replans once, with the change.
    if (!withStatusChange) await this.timers.changed(manager, ticket.id);
    return comment;
  }
}
