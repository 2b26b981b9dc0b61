import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Static, TSchema } from '@sinclair/typebox';
import { assertValid, type EventContract, type EventEnvelope } from '@vigil/contracts';
import { currentTraceCarrier } from '@vigil/platform-observability';
import type { Clock } from '@vigil/platform-clock';

/**
 * Appends an event to the service's outbox with the caller's EntityManager, so
 * the state change and the event commit together or not at all (rule 5). The
 * payload is validated against its contract before it is written.
 */
export class OutboxWriter {
  /** Transactions (their EntityManagers) that appended, so only those wake the relay after commit. */
  private readonly appendedIn = new WeakSet<EntityManager>();

  constructor(private readonly schema: string, private readonly clock: Clock, private readonly onAppend: () => void = () => undefined) {}

  /** Whether anything was appended with this transaction's manager. */
  appendedWithin(manager: EntityManager): boolean {
    return this.appendedIn.has(manager);
  }

  async append<S extends TSchema>(manager: EntityManager, contract: EventContract<S>, data: Static<S>, eventId: string = randomUUID()): Promise<string> {
    const envelope: EventEnvelope<Static<S>> = {
      id: eventId,
      type: contract.type,
      version: contract.version,
      occurredAt: this.clock.isoNow(),
      data: assertValid(contract.schema, data),
    };
    await manager.query(
      `INSERT INTO "${this.schema}".outbox (id, subject, envelope, trace_context) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [eventId, contract.subject, JSON.stringify(envelope), JSON.stringify(currentTraceCarrier())],
    );
    // The relay is nudged after commit by the caller's transaction helper; this is a hint only.
    this.appendedIn.add(manager);
    this.onAppend();
    return eventId;
  }

  /** Many events in one statement (a hot path's batch); each validated like `append`, all with the current trace context. */
  async appendMany(manager: EntityManager, events: Array<{ contract: EventContract<TSchema>; data: unknown; eventId: string }>): Promise<void> {
    if (events.length === 0) return;
    const trace = JSON.stringify(currentTraceCarrier());
    const occurredAt = this.clock.isoNow();
    const values: unknown[] = [];
    const rows = events.map(({ contract, data, eventId }, i) => {
      const envelope: EventEnvelope<unknown> = { id: eventId, type: contract.type, version: contract.version, occurredAt, data: assertValid(contract.schema, data) };
      values.push(eventId, contract.subject, JSON.stringify(envelope), trace);
      return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`;
    });
    await manager.query(`INSERT INTO "${this.schema}".outbox (id, subject, envelope, trace_context) VALUES ${rows.join(', ')} ON CONFLICT (id) DO NOTHING`, values);
    this.appendedIn.add(manager);
    this.onAppend();
  }
}
