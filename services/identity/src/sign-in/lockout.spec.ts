import { afterFailedSignIn, DEFAULT_LOCKOUT_POLICY, MAX_FAILURES_BEFORE_LOCK } from './lockout';

describe('sign-in lockout', () => {
  const now = new Date('2026-11-22T10:00:00Z');

  it('slows down with each consecutive failure', () => {
    const first = afterFailedSignIn(0, now, DEFAULT_LOCKOUT_POLICY);
    const third = afterFailedSignIn(2, now, DEFAULT_LOCKOUT_POLICY);
    expect(first).toMatchObject({ failedAttempts: 1, locked: false });
    expect(third.blockedUntil.getTime() - now.getTime()).toBeGreaterThan(first.blockedUntil.getTime() - now.getTime());
  });

  it('locks the account for the lock period at the threshold', () => {
    const outcome = afterFailedSignIn(DEFAULT_LOCKOUT_POLICY.lockAfter - 1, now, DEFAULT_LOCKOUT_POLICY);
    expect(outcome.locked).toBe(true);
    expect(outcome.blockedUntil.getTime() - now.getTime()).toBe(DEFAULT_LOCKOUT_POLICY.lockMinutes * 60_000);
  });

  it('never allows more than 100 consecutive failures before a lock, whatever is configured', () => {
    const lax = { ...DEFAULT_LOCKOUT_POLICY, lockAfter: 10_000 };
    expect(afterFailedSignIn(MAX_FAILURES_BEFORE_LOCK - 1, now, lax).locked).toBe(true);
  });
});
