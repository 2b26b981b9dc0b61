/**
 * The one source of "now" for Vigil's code (ARCHITECTURE rule 3). Inject it;
 * never call `Date.now()` or `new Date()` for the current time elsewhere
 * (lint enforces this), so time rules are tested by moving a clock.
 *
 * Workflow code is the exception: it reads Temporal's deterministic time.
 */
export abstract class Clock {
  abstract nowMs(): number;

  now(): Date {
    return new Date(this.nowMs());
  }

  isoNow(): string {
    return this.now().toISOString();
  }
}

/** The machine's wall clock, shifted by `offsetMs` (0 in production). */
export class SystemClock extends Clock {
  constructor(readonly offsetMs = 0) {
    super();
  }

  nowMs(): number {
    // eslint-disable-next-line no-restricted-syntax -- the one place that reads the wall clock
    return Date.now() + this.offsetMs;
  }
}

/** A clock that moves only when told to: for unit tests of time rules. */
export class ManualClock extends Clock {
  private current: number;

  constructor(start: Date | string | number) {
    super();
    this.current = new Date(start).getTime();
  }

  nowMs(): number {
    return this.current;
  }

  set(to: Date | string | number): void {
    this.current = new Date(to).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

/**
 * `VIGIL_CLOCK_OFFSET_MS` shifts every process's clock by the same amount, so
 * the suite can run "on" another date (a month end, a DST change, 29 February)
 * while time still passes at its normal rate. Refused in production.
 */
export const CLOCK_OFFSET_VARIABLE = 'VIGIL_CLOCK_OFFSET_MS';

export function clockFromEnvironment(env: NodeJS.ProcessEnv = process.env): SystemClock {
  const raw = env[CLOCK_OFFSET_VARIABLE];
  if (raw === undefined || raw === '' || raw === '0') return new SystemClock(0);
  if (env['NODE_ENV'] === 'production') throw new Error(`${CLOCK_OFFSET_VARIABLE} shifts the clock for tests; it is refused in production`);
  const offsetMs = Number(raw);
  if (!Number.isSafeInteger(offsetMs)) throw new Error(`${CLOCK_OFFSET_VARIABLE} must be a whole number of milliseconds, got "${raw}"`);
  return new SystemClock(offsetMs);
}
