import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { currentTraceCarrier } from '@vigil/platform-observability';
import { insertAtCommit } from '@vigil/platform-persistence';
import type { WorkflowCommand, WorkflowCommandPriority } from './workflow-command';

const COMMAND_COLUMNS = ['id', 'workflow_id', 'workflow_type', 'task_queue', 'args', 'signal_name', 'signal_args', 'restart_if_finished', 'trace_context', 'priority', 'start_delay_ms', 'hand_over_at'] as const;

/**
 * Per priority: the stored column value (claims take the lowest first,
 * workflow-command-tables) and the Temporal task priority key the relay
 * passes on (1 runs first; 3 is Temporal's default), so a page's workflow and
 * activity tasks overtake routine ones.
 */
export const WORKFLOW_COMMAND_PRIORITIES: Record<WorkflowCommandPriority, { column: number; temporalKey: number }> = {
  page: { column: 0, temporalKey: 1 },
  routine: { column: 1, temporalKey: 3 },
};

/** The Temporal priority key of a stored priority column value. */
export const temporalKeyOfColumn = (column: number): number =>
  Object.values(WORKFLOW_COMMAND_PRIORITIES).find((priority) => priority.column === column)?.temporalKey ?? WORKFLOW_COMMAND_PRIORITIES.routine.temporalKey;

/**
 * Queues a workflow command with the caller's EntityManager, so the state
 * change and the command commit together or not at all (written with the
 * transaction's other deferred rows just before it commits, insertAtCommit). The relay delivers
 * it after commit; the caller's trace context travels with it.
 */
export class WorkflowCommandOutbox {
  /** Transactions (their EntityManagers) that queued a command, so only those wake the relay after commit. */
  private readonly appendedIn = new WeakSet<EntityManager>();

  constructor(private readonly schema: string) {}

  /** Whether a command was queued with this transaction's manager. */
  appendedWithin(manager: EntityManager): boolean {
    return this.appendedIn.has(manager);
  }

  async append(manager: EntityManager, command: WorkflowCommand): Promise<void> {
    const heldUntil = command.handOverAt && !command.signal ? command.handOverAt : null;
    await insertAtCommit(manager, {
      table: `"${this.schema}".workflow_commands`,
      columns: COMMAND_COLUMNS,
      rows: [[
        randomUUID(),
        command.workflowId,
        command.workflowType,
        command.taskQueue,
        JSON.stringify(command.args),
        command.signal?.name ?? null,
        JSON.stringify(command.signal?.args ?? []),
        command.restartIfFinished,
        JSON.stringify(currentTraceCarrier()),
        WORKFLOW_COMMAND_PRIORITIES[command.priority].column,
        command.startDelayMs === undefined ? null : Math.max(0, Math.round(command.startDelayMs)),
        heldUntil?.toISOString() ?? null,
      ]],
    });
    // A held start is the relay's business only at its hand-over time: no reason to wake it at commit.
    if (!heldUntil) this.appendedIn.add(manager);
  }
}
