/** Delay before the n-th restart (0-based) of a stopped loop: 1 s doubling to 30 s, so a lasting fault is not hammered. */
export function restartDelayMs(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.max(0, attempt));
}
