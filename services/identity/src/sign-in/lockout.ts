import { backoffMs } from '@vigil/util-backoff';
/**
 * Slowing down and locking out password guessing (issue 3, issue 12).
 *
 * Failures are counted per account *and client address*: an attacker's
 * failures slow down and lock only their own attempts at that account, never
 * the owner signing in from elsewhere, so a lockout cannot be used to keep
 * someone out. (The gateway's per-address rate limit comes first and bounds
 * how fast one address can try any accounts.) After each failure the next
 * attempt from that address waits a little longer (0.5 s doubling, capped at a
 * minute); at `lockAfter` consecutive failures that address is locked out of
 * the account for `lockMinutes`. The count decays: a failure more than
 * `lockMinutes` after the previous one starts a fresh count, so an expired lock
 * is not re-armed by a single further failure. A success clears the address's
 * count. `lockAfter` is capped at 100.
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

/** What is remembered of one address's failures at one account. */
export interface FailureRecord {
  failures: number;
  lastFailedAt: Date;
  blockedUntil: Date;
}

export interface FailureOutcome {
  failedAttempts: number;
  /** Until when further attempts from that address are refused without counting. */
  blockedUntil: Date;
  locked: boolean;
}

/** Failures since the last one that is still remembered (0 once `lockMinutes` passed without a failure). */
export function standingFailures(record: FailureRecord | null, now: Date, policy: LockoutPolicy): number {
  if (!record) return 0;
  return now.getTime() - record.lastFailedAt.getTime() >= policy.lockMinutes * 60_000 ? 0 : record.failures;
}

export function afterFailedSignIn(record: FailureRecord | null, now: Date, policy: LockoutPolicy): FailureOutcome {
  const lockAfter = Math.min(policy.lockAfter, MAX_FAILURES_BEFORE_LOCK);
  const failedAttempts = standingFailures(record, now, policy) + 1;
  if (failedAttempts >= lockAfter) {
    return { failedAttempts, blockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000), locked: true };
  }
  // 0.5 s, 1 s, 2 s, … capped at a minute: slow enough for bots, harmless for typos.
  const delay = backoffMs({ initialMs: policy.baseDelayMs, maxMs: 60_000 }, failedAttempts - 1);
  return { failedAttempts, blockedUntil: new Date(now.getTime() + delay), locked: false };
}

export const isBlocked = (record: FailureRecord | null, now: Date): boolean => record !== null && record.blockedUntil > now;
