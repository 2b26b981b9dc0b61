import { clockFromEnvironment, ManualClock, SystemClock } from './clock';

describe('Clock', () => {
  it('a manual clock moves only when told to', () => {
    const clock = new ManualClock('2028-02-29T23:59:00Z');
    expect(clock.isoNow()).toBe('2028-02-29T23:59:00.000Z');
    clock.advance(60_000);
    expect(clock.isoNow()).toBe('2028-03-01T00:00:00.000Z');
    clock.set('2027-03-28T01:00:00Z');
    expect(clock.nowMs()).toBe(Date.parse('2027-03-28T01:00:00Z'));
  });

  it('the offset from the environment shifts the system clock by exactly that much', () => {
    const shift = 400 * 24 * 3600_000;
    const shifted = clockFromEnvironment({ VIGIL_CLOCK_OFFSET_MS: String(shift) });
    const unshifted = new SystemClock();
    const difference = shifted.nowMs() - unshifted.nowMs();
    expect(difference).toBeGreaterThanOrEqual(shift - 1_000);
    expect(difference).toBeLessThanOrEqual(shift);
    expect(clockFromEnvironment({}).offsetMs).toBe(0);
  });

  it('refuses a shifted clock in production and a malformed offset anywhere', () => {
    expect(() => clockFromEnvironment({ VIGIL_CLOCK_OFFSET_MS: '1000', NODE_ENV: 'production' })).toThrow(/refused in production/);
    expect(() => clockFromEnvironment({ VIGIL_CLOCK_OFFSET_MS: 'tomorrow' })).toThrow(/whole number/);
  });
});
