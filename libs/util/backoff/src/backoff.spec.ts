import { backoffMs } from './backoff';

describe('backoffMs', () => {
  it('doubles from the initial wait up to the cap, and stays there', () => {
    const schedule = { initialMs: 500, maxMs: 30_000 };
    expect([0, 1, 2, 5, 6, 7, 1_000].map((n) => backoffMs(schedule, n))).toEqual([500, 1_000, 2_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('takes another factor, and treats a negative retry number as the first', () => {
    expect(backoffMs({ initialMs: 100, maxMs: 10_000, factor: 3 }, 2)).toBe(900);
    expect(backoffMs({ initialMs: 100, maxMs: 10_000 }, -1)).toBe(100);
  });
});
