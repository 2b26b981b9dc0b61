import { restartDelayMs } from './restart-backoff';

describe('restartDelayMs', () => {
  it('doubles from one second and stays at thirty', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(restartDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });
});
