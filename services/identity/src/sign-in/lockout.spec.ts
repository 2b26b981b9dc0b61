import { afterFailedSignIn, DEFAULT_LOCKOUT_POLICY, isBlocked, MAX_FAILURES_BEFORE_LOCK, type FailureRecord } from './lockout';

describe('sign-in lockout (issue 12: per account and address, decaying)', () => {
  const now = new Date('2026-11-22T10:00:00Z');
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const record = (failures: number, lastFailedMinutesAgo = 0): FailureRecord => ({ failures, lastFailedAt: minutesAgo(lastFailedMinutesAgo), blockedUntil: minutesAgo(lastFailedMinutesAgo) });

  it('slows down with each consecutive failure', () => {
    const first = afterFailedSignIn(null, now, DEFAULT_LOCKOUT_POLICY);
    const third = afterFailedSignIn(record(2), now, DEFAULT_LOCKOUT_POLICY);
    expect(first).toMatchObject({ failedAttempts: 1, locked: false });
    expect(third.blockedUntil.getTime() - now.getTime()).toBeGreaterThan(first.blockedUntil.getTime() - now.getTime());
  });

  it('locks the address out of the account for the lock period at the threshold', () => {
    const outcome = afterFailedSignIn(record(DEFAULT_LOCKOUT_POLICY.lockAfter - 1), now, DEFAULT_LOCKOUT_POLICY);
    expect(outcome.locked).toBe(true);
    expect(outcome.blockedUntil.getTime() - now.getTime()).toBe(DEFAULT_LOCKOUT_POLICY.lockMinutes * 60_000);
    expect(isBlocked({ ...record(10), blockedUntil: outcome.blockedUntil }, now)).toBe(true);
  });

  it('decays: once the lock period passed without a failure, one more failure starts a fresh count instead of locking again', () => {
    const expired = afterFailedSignIn(record(DEFAULT_LOCKOUT_POLICY.lockAfter, DEFAULT_LOCKOUT_POLICY.lockMinutes), now, DEFAULT_LOCKOUT_POLICY);
    expect(expired).toMatchObject({ failedAttempts: 1, locked: false });
    const recent = afterFailedSignIn(record(DEFAULT_LOCKOUT_POLICY.lockAfter - 1, DEFAULT_LOCKOUT_POLICY.lockMinutes - 1), now, DEFAULT_LOCKOUT_POLICY);
    expect(recent.locked).toBe(true);
  });

  it('never allows more than 100 consecutive failures before a lock, whatever is configured', () => {
    const lax = { ...DEFAULT_LOCKOUT_POLICY, lockAfter: 10_000 };
    expect(afterFailedSignIn(record(MAX_FAILURES_BEFORE_LOCK - 1), now, lax).locked).toBe(true);
  });
});
