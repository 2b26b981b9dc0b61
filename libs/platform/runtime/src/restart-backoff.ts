import { backoffMs } from '@vigil/util-backoff';

/** Delay before the n-th restart (0-based) of a stopped loop: 1 s doubling to 30 s, so a lasting fault is not hammered. */
export function restartDelayMs(attempt: number): number {
  return backoffMs({ initialMs: 1_000, maxMs: 30_000 }, attempt);
}
