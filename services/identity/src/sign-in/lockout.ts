import { backoffMs } from '@vigil/util-backoff';
/**
 * Slowing down and locking out guessing (issue 3): after each failed sign-in
 * the account waits a little longer before the next attempt counts; after
 * `lockAfter` consecutive failures it is locked for `lockMinutes`. A success
 * resets the count. `lockAfter` is capped at 100 (never more failures than
 * that before a lock).
 */
export interface LockoutPolicy {
  lockAfter: number;
  lockMinutes: number;
  baseDelayMs: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { lockAfter: 10, lockMinutes: 15, baseDelayMs: 500 };
export const MAX_FAILURES_BEFORE_LOCK = 100;

export const lockoutPolicy = (config: { SIGN_IN_LOCK_AFTER_FAILURES: number; SIGN_IN_LOCK_MINUTES: number }): LockoutPolicy => ({
  lockAfter: config.SIGN_IN_LOCK_AFTER_FAILURES,
  lockMinutes: config.SIGN_IN_LOCK_MINUTES,
  baseDelayMs: DEFAULT_LOCKOUT_POLICY.baseDelayMs,
});

export interface FailureOutcome {
  failedAttempts: number;
  /** Until when further attempts are refused without checking the password. */
  blockedUntil: Date;
  locked: boolean;
}

export function afterFailedSignIn(failedAttemptsBefore: number, now: Date, policy: LockoutPolicy): FailureOutcome {
  const lockAfter = Math.min(policy.lockAfter, MAX_FAILURES_BEFORE_LOCK);
  const failedAttempts = failedAttemptsBefore + 1;
  if (failedAttempts >= lockAfter) {
    return { failedAttempts, blockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000), locked: true };
  }
  // 0.5 s, 1 s, 2 s, … capped at a minute: slow enough for bots, harmless for typos.
  const delay = backoffMs({ initialMs: policy.baseDelayMs, maxMs: 60_000 }, failedAttempts - 1);
  return { failedAttempts, blockedUntil: new Date(now.getTime() + delay), locked: false };
}
