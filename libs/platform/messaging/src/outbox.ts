import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Static, TSchema } from '@sinclair/typebox';
import { assertValid, type EventContract, type EventEnvelope } from '@vigil/contracts';
import { currentTraceCarrier } from '@vigil/platform-observability';
import type { Clock } from '@vigil/platform-clock';
import { insertAtCommit } from '@vigil/platform-persistence';

const OUTBOX_COLUMNS = ['id', 'subject', 'envelope', 'trace_context'] as const;

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
    await this.insert(manager, [[eventId, contract.subject, JSON.stringify(envelope), JSON.stringify(currentTraceCarrier())]]);
    // The relay is nudged after commit by the caller's transaction helper; this is a hint only.
    this.appendedIn.add(manager);
    this.onAppend();
    return eventId;
  }

  /** Written with the transaction's other deferred rows just before it commits (insertAtCommit). */
  private insert(manager: EntityManager, rows: unknown[][]): Promise<void> {
    return insertAtCommit(manager, { table: `"${this.schema}".outbox`, columns: OUTBOX_COLUMNS, rows, onConflict: 'ON CONFLICT (id) DO NOTHING' });
  }

  /** Many events in one statement (a hot path's batch); each validated like `append`, all with the current trace context. */
  async appendMany(manager: EntityManager, events: Array<{ contract: EventContract<TSchema>; data: unknown; eventId: string }>): Promise<void> {
    if (events.length === 0) return;
    const trace = JSON.stringify(currentTraceCarrier());
    const occurredAt = this.clock.isoNow();
    const rows = events.map(({ contract, data, eventId }) => {
      const envelope: EventEnvelope<unknown> = { id: eventId, type: contract.type, version: contract.version, occurredAt, data: assertValid(contract.schema, data) };
      return [eventId, contract.subject, JSON.stringify(envelope), trace];
    });
    await this.insert(manager, rows);
    this.appendedIn.add(manager);
    this.onAppend();
  }
}
