import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TicketSlaBreached } from '@vigil/contracts';
import { OutboxWriter } from '@vigil/platform-runtime';
import { computeResponseClock, type ResponseClock } from '@vigil/util-sla';
import { CustomerDirectoryRepository, type SupportProfile } from '../customers/customer-directory.repository';
import { TicketRepository, type SlaProjection, type TicketForUpdate } from './ticket.repository';

/**
 * TKT-2: the response clock of a ticket, always derived from its status
 * history and the customer's contract; the row keeps a projection (state,
 * due time, breach flag) for lists and the work queue.
 */
@Injectable()
export class ResponseClocks {
  constructor(
    private readonly directory: CustomerDirectoryRepository,
    private readonly tickets: TicketRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /** The contract's target for a new ticket and its clock at creation. */
  static atCreation(profile: SupportProfile, severity: keyof SupportProfile['responseTargetMinutes'], nowMs: number): { targetMinutes: number; projection: SlaProjection } {
    const targetMinutes = profile.responseTargetMinutes[severity];
    const clock = computeResponseClock({
      coverage: profile.coverage,
      calendar: profile.calendar,
      targetMs: targetMinutes * 60_000,
      history: [{ status: 'SUBMITTED', atMs: nowMs }],
      nowMs,
    });
    return { targetMinutes, projection: { state: clock.state, dueAt: clock.dueAtMs === null ? null : new Date(clock.dueAtMs) } };
  }

  async evaluate(manager: EntityManager, ticket: { id: string; customerId: string; slaTargetMinutes: number | null }, nowMs: number): Promise<ResponseClock | null> {
    if (ticket.slaTargetMinutes === null) return null;
    const profile = await this.directory.findSupportProfile(manager, ticket.customerId);
    if (!profile) return null;
    const history = await this.tickets.statusTimeline(manager, ticket.id);
    return computeResponseClock({ coverage: profile.coverage, calendar: profile.calendar, targetMs: ticket.slaTargetMinutes * 60_000, history, nowMs });
  }

  /** Recomputes after a change; a breach is flagged and announced once. */
  async refresh(manager: EntityManager, ticket: TicketForUpdate, nowMs: number): Promise<ResponseClock | null> {
    const clock = await this.evaluate(manager, ticket, nowMs);
    if (!clock) return null;
    await this.tickets.saveSlaProjection(manager, ticket.id, { state: clock.state, dueAt: clock.dueAtMs === null ? null : new Date(clock.dueAtMs) });
    if (clock.breachedAtMs !== null && (await this.tickets.flagSlaBreach(manager, ticket.id, new Date(clock.breachedAtMs)))) {
      await this.tickets.recordHistory(manager, ticket.id, 'system:sla', 'response target breached', 'sla_breached_at', null, new Date(clock.breachedAtMs).toISOString());
      await this.outbox.append(manager, TicketSlaBreached, {
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        customerId: ticket.customerId,
        title: ticket.title,
        reporterEmail: ticket.reporterEmail,
        severity: ticket.severity,
        breachedAt: new Date(clock.breachedAtMs).toISOString(),
      });
    }
    return clock;
  }
}
