import { backoffMs } from '@vigil/util-backoff';

/** How long to wait before restarting a process that died (docs/decisions/0013-process-supervision.md). */
export interface RestartBackoff {
  /** Wait before the first restart. */
  initialMs: number;
  /** Each further consecutive crash multiplies the wait by this. */
  factor: number;
  /** The wait never grows past this, so a process that crash-loops is still retried. */
  maxMs: number;
  /** A process that ran at least this long counts as healthy: its next crash starts again at `initialMs`. */
  resetAfterMs: number;
}

export const DEFAULT_RESTART_BACKOFF: RestartBackoff = { initialMs: 500, factor: 2, maxMs: 30_000, resetAfterMs: 30_000 };

/** The wait before restart number `consecutiveCrashes` (1 for the first crash in a row). */
export function restartDelayMs(backoff: RestartBackoff, consecutiveCrashes: number): number {
  return backoffMs(backoff, consecutiveCrashes - 1);
}
