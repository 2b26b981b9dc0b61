import { DEFAULT_RESTART_BACKOFF, restartDelayMs } from './backoff';

describe('restartDelayMs', () => {
  it('doubles from 0.5 s with each consecutive crash', () => {
    expect([1, 2, 3, 4].map((n) => restartDelayMs(DEFAULT_RESTART_BACKOFF, n))).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it('never waits longer than the maximum, so a crash-looping process is still retried', () => {
    expect(restartDelayMs(DEFAULT_RESTART_BACKOFF, 50)).toBe(30_000);
  });
});
