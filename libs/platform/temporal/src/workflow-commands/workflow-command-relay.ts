import { backoffMs } from '@vigil/util-backoff';
import { Logger } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { Clock } from '@vigil/platform-clock';
import { bySeq, LoopingWorker, queryRows } from '@vigil/platform-persistence';
import { inSpan, SpanKind } from '@vigil/platform-observability';
import type { WorkflowCommandMemo } from '@vigil/workflow-contracts';
import { temporalKeyOfColumn } from './workflow-command-outbox';

export interface WorkflowCommandRelayOptions {
  batchSize?: number;
  leaseMs?: number;
  /** After this many failed deliveries a command is abandoned (kept, visible, not retried). */
  maxAttempts?: number;
  pollIntervalMs?: number;
}

interface CommandRow {
  id: string;
  workflow_id: string;
  workflow_type: string;
  task_queue: string;
  args: unknown[];
  signal_name: string | null;
  signal_args: unknown[];
  restart_if_finished: boolean;
  trace_context: Record<string, string>;
  attempts: number;
  /** Commit to claim, in database time (float8, so a number). */
  queued_for_ms: number;
  /** 0 = page, 1 = routine (WORKFLOW_COMMAND_PRIORITIES). */
  priority: number;
  /** bigint, so a string; null: no start delay. */
  start_delay_ms: string | null;
  /** Set while a start is held (decision 0037): claimed only along with a signal that supersedes it. */
  hand_over_at: Date | null;
}

export const DEFAULT_WORKFLOW_COMMAND_MAX_ATTEMPTS = 25;

/** Held starts released per round at most: a burst of tickets falls due together, and the claim takes them 10 at a time anyway. */
const HAND_OVER_BATCH = 500;
const HAND_OVER_EVERY_MS = 1_000;

/**
 * Workflows claimed, and sent side by side, per round. Small, because a page
 * claimed next still waits for Temporal to work through the round's starts
 * (the dev server persists one write at a time): behind 3,000 pending ticket
 * timers the on-call page took 4.7 s with 50 per round, 0.9–1.6 s with 10
 * (bench:notifications), at about two thirds of the start rate.
 */
export const DEFAULT_WORKFLOW_COMMAND_BATCH = 10;

/**
 * Delivers committed workflow commands to Temporal (rule 7a). Only the oldest
 * pending command of each workflow id can be claimed, under a lease with
 * `FOR UPDATE SKIP LOCKED`, so replicas never deliver one workflow's commands
 * out of order or twice at once. A signal goes with `signalWithStart`, so it
 * reaches the workflow even when its start has not been delivered yet: start
 * and signal commute. A failed delivery is retried with backoff, and
 * abandoned after `maxAttempts`. Lease times are the database's: they order
 * replicas, not business events. Every start carries the memo `queuedForMs`
 * (WorkflowCommandMemo): the command's age at claim, `now() - created_at`,
 * database time at both ends, for a workflow whose input was planned at commit.
 * A start with `start_delay_ms` gets that delay less the same age as
 * Temporal's start delay, so it, too, counts from the commit.
 * Pages go first (WorkflowCommandPriority): the claim takes heads by
 * (priority, seq), and Temporal is told the page's priority, so an outage's
 * recovery waits only for the round in flight, not behind a backlog of ticket timers.
 * A start held until its `hand_over_at` (decision 0037) is no head until the
 * clock reaches that moment; a signal queued after it is, and takes it along.
 */
export class WorkflowCommandRelay extends LoopingWorker {
  private readonly log = new Logger('WorkflowCommandRelay');
  private readonly table: string;
  private nextHandOverMs = 0;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
    private readonly temporal: Client,
    /** The services' clock, which hand-over times are in. */
    private readonly clock: Clock,
    private readonly options: WorkflowCommandRelayOptions = {},
  ) {
    super('WorkflowCommandRelay', options.pollIntervalMs ?? 500);
    this.table = `"${schema}".workflow_commands`;
  }

  protected async round(): Promise<number> {
    // Hand-over times lie minutes ahead of what they guard: once a second is in time, and the rounds of a burst of
    // changes do not each pay for it. A failed release must not hold back what is due now, pages among it.
    const nowMs = this.clock.nowMs();
    if (nowMs >= this.nextHandOverMs) {
      this.nextHandOverMs = nowMs + HAND_OVER_EVERY_MS;
      await this.handOverDueStarts().catch((error: Error) => this.log.warn(`could not hand over held starts: ${error.message}`));
    }
    return this.deliverBatch();
  }

  /**
   * Held starts whose time has come become claimable, in the usual order (their own index: a probe while none
   * is due). Rows a claim has locked are skipped, not waited for: that claim takes them with their signal.
   */
  async handOverDueStarts(): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.table} SET hand_over_at = NULL
        WHERE id IN (SELECT id FROM ${this.table}
                      WHERE hand_over_at <= $1 AND delivered_at IS NULL AND abandoned_at IS NULL
                      ORDER BY hand_over_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [this.clock.now(), HAND_OVER_BATCH],
    );
  }

  /** Returns how many commands were delivered. */
  async deliverBatch(): Promise<number> {
    // Claims every pending command (held starts too) of up to `batchSize` workflows whose oldest pending command not held is free,
    // pages before routine commands (workflow_commands_claim_idx). The shape keeps the claim proportional to the batch whatever the statistics say: pending commands
    // are walked in (priority, seq) order and each one's head check is a
    // correlated min() that is always an index lookup by workflow id. (An anti-join here was planned
    // as a nested loop over every pending row when the table's statistics were stale: quadratic in the
    // backlog, past the statement timeout at a few thousand pending commands, so nothing was delivered.)
    const rows = await queryRows<CommandRow & { seq: string }>(
      this.dataSource,
      `WITH heads AS (
         SELECT c.workflow_id FROM ${this.table} c
          WHERE c.delivered_at IS NULL AND c.abandoned_at IS NULL AND c.hand_over_at IS NULL AND (c.locked_until IS NULL OR c.locked_until < now())
            AND c.seq = (SELECT min(e.seq) FROM ${this.table} e
                          WHERE e.workflow_id = c.workflow_id AND e.delivered_at IS NULL AND e.abandoned_at IS NULL AND e.hand_over_at IS NULL)
          ORDER BY c.priority, c.seq
          LIMIT $1
          FOR UPDATE SKIP LOCKED)
       UPDATE ${this.table} SET locked_until = now() + ($2 || ' milliseconds')::interval
        WHERE delivered_at IS NULL AND abandoned_at IS NULL AND workflow_id = ANY (ARRAY(SELECT workflow_id FROM heads))
        RETURNING id, seq, workflow_id, workflow_type, task_queue, args, signal_name, signal_args, restart_if_finished, trace_context, attempts, priority, start_delay_ms, hand_over_at,
                  GREATEST(0, floor(extract(epoch FROM now() - created_at) * 1000))::float8 AS queued_for_ms`,
      [this.options.batchSize ?? DEFAULT_WORKFLOW_COMMAND_BATCH, String(this.options.leaseMs ?? 30_000)],
    );
    const byWorkflow = new Map<string, CommandRow[]>();
    for (const row of rows.sort(bySeq)) {
      byWorkflow.set(row.workflow_id, [...(byWorkflow.get(row.workflow_id) ?? []), row]);
    }
    // Workflows side by side, each one's commands in order.
    const delivered = (await Promise.all([...byWorkflow.values()].map((commands) => this.deliverInOrder(commands)))).flat();
    // One commit for the round, not one per command: the lease keeps the delivered rows ours until then,
    // and a crash before it redelivers them, which signal-with-start and "use existing" absorb.
    if (delivered.length > 0) {
      await this.dataSource.query(`UPDATE ${this.table} SET delivered_at = now(), locked_until = NULL, last_error = NULL WHERE id = ANY($1)`, [delivered]);
    }
    return delivered.length;
  }

  /**
   * A start followed by a signal is sent as the signal's signal-with-start
   * alone, so the workflow's first run already has the signal (e.g. an outage
   * restored while Temporal was unreachable never escalates). The start
   * counts as delivered only once that signal is. A held start nothing
   * supersedes stays held. Stops at the first failure: later commands wait
   * for it. Returns the ids of the commands delivered.
   */
  private async deliverInOrder(commands: CommandRow[]): Promise<string[]> {
    const delivered: string[] = [];
    let superseded: string[] = [];
    for (const [i, command] of commands.entries()) {
      if (command.signal_name === null && commands.slice(i + 1).some((later) => later.signal_name !== null)) {
        superseded.push(command.id);
        continue;
      }
      if (command.hand_over_at !== null) continue;
      if (!(await this.deliver(command))) return delivered;
      delivered.push(...superseded, command.id);
      superseded = [];
    }
    return delivered;
  }

  private async deliver(row: CommandRow): Promise<boolean> {
    try {
      await inSpan(`deliver ${row.signal_name ? `signal ${row.signal_name}` : 'start'} ${row.workflow_type}`, () => this.send(row), {
        carrier: row.trace_context ?? {},
        kind: SpanKind.PRODUCER,
        attributes: { 'temporal.workflow.id': row.workflow_id },
      });
      return true;
    } catch (error) {
      await this.recordFailure(row, (error as Error).message).catch((e: Error) => this.log.warn(`could not record a failed delivery: ${e.message}`));
      return false;
    }
  }

  private async send(row: CommandRow): Promise<void> {
    // A run this starts learns how long its command waited (ignored when the workflow is already running):
    // what was planned at commit, e.g. a wait, is that much older. Both ends are the database's clock.
    const common = {
      workflowId: row.workflow_id,
      taskQueue: row.task_queue,
      args: row.args,
      memo: { queuedForMs: row.queued_for_ms } satisfies WorkflowCommandMemo,
      priority: { priorityKey: temporalKeyOfColumn(row.priority) },
      workflowIdReusePolicy: row.restart_if_finished ? ('ALLOW_DUPLICATE' as const) : ('REJECT_DUPLICATE' as const),
    };
    try {
      if (row.signal_name) {
        await this.temporal.workflow.signalWithStart(row.workflow_type, { ...common, signal: row.signal_name, signalArgs: row.signal_args });
      } else {
        const startDelayMs = startDelayLeft(row);
        await this.temporal.workflow.start(row.workflow_type, { ...common, workflowIdConflictPolicy: 'USE_EXISTING', ...(startDelayMs > 0 ? { startDelay: startDelayMs } : {}) });
      }
    } catch (error) {
      // Only with restartIfFinished = false: the workflow has finished and is left so; nothing left to tell it.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  private async recordFailure(row: CommandRow, reason: string): Promise<void> {
    const attempts = row.attempts + 1;
    const maxAttempts = this.options.maxAttempts ?? DEFAULT_WORKFLOW_COMMAND_MAX_ATTEMPTS;
    if (attempts >= maxAttempts) {
      this.log.error(`abandoning workflow command ${row.id} for ${row.workflow_id} after ${attempts} attempts: ${reason}`);
      await this.dataSource.query(
        `UPDATE ${this.table} SET abandoned_at = now(), locked_until = NULL, attempts = attempts + 1, last_error = $2 WHERE id = $1`,
        [row.id, reason],
      );
      return;
    }
    const retryInMs = backoffMs({ initialMs: 500, maxMs: 60_000 }, attempts);
    this.log.warn(`workflow command for ${row.workflow_id} failed (attempt ${attempts}), retry in ${retryInMs} ms: ${reason}`);
    await this.dataSource.query(
      `UPDATE ${this.table} SET locked_until = now() + ($3 || ' milliseconds')::interval, attempts = attempts + 1, last_error = $2 WHERE id = $1`,
      [row.id, reason, String(retryInMs)],
    );
  }
}

/** A start's delay counts from the commit: what is left of it once the command has waited in the outbox. */
function startDelayLeft(row: CommandRow): number {
  return row.start_delay_ms === null ? 0 : Math.max(0, Number(row.start_delay_ms) - row.queued_for_ms);
}
