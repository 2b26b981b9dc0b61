/**
 * A page (an outage's recovery, whose first step alerts on-call, MON-3) is
 * delivered before any routine command waiting with it and carries Temporal's
 * priority key 1; its workflow also runs on a task queue of its own
 * (decision 0035). Routine: ticket timers and the rest, whose plans account
 * for the wait (memo queuedForMs).
 */
export type WorkflowCommandPriority = 'page' | 'routine';

/**
 * A start or signal for a Temporal workflow, leaving a service through its
 * workflow-command outbox (ARCHITECTURE rule 7a): written in the transaction
 * of the state change that calls for it, delivered after commit, in order
 * per workflow id.
 */
export interface WorkflowCommand {
  /** The business key, e.g. `outage-<id>`. */
  workflowId: string;
  workflowType: string;
  taskQueue: string;
  /** The workflow's start arguments: a signal may arrive first, so every command can start it. */
  args: unknown[];
  /** Without a signal the command only starts the workflow, if it is not running yet. */
  signal?: { name: string; args?: unknown[] };
  /**
   * A workflow of this id that has finished: start a new run (`true`, e.g. a
   * reopened ticket's timers) or leave it finished and drop the command
   * (`false`, e.g. an outage whose recovery already ended).
   */
  restartIfFinished: boolean;
  priority: WorkflowCommandPriority;
  /**
   * A start only: how long after the commit the workflow's first task may
   * run (Temporal's start delay, less the time the command waited in the
   * outbox). A signal-with-start for the workflow ends the delay at once.
   */
  startDelayMs?: number;
  /**
   * A start only: kept in the outbox until this moment of the services'
   * clock, then delivered with what is left of `startDelayMs`. A signal
   * queued for the workflow meanwhile is delivered at once and supersedes the
   * start. For a start due far ahead, so that only what is still pending near
   * its time reaches Temporal.
   */
  handOverAt?: Date;
}
