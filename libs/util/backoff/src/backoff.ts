/** An exponential retry schedule: `initialMs`, then × `factor` (2) each time, never above `maxMs`. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
  factor?: number;
}

/** The wait before retry `n` (0 for the first); every retry loop in Vigil uses this one schedule shape. */
export function backoffMs(backoff: Backoff, n: number): number {
  const exponent = Math.min(Math.max(0, n), 40); // beyond this every schedule is at its cap anyway
  return Math.min(backoff.maxMs, backoff.initialMs * (backoff.factor ?? 2) ** exponent);
}
