import { addCountedMillis, countedMillisBetween, type BusinessCalendar, type Coverage } from './business-calendar';

/** TKT-2: the first entry into one of these answers the customer; the clock stops for good. */
export const RESPONSE_STOP_STATUSES: readonly string[] = ['OPERATION_SCHEDULED', 'WAITING_FOR_CUSTOMER', 'RESOLVED', 'CLOSED'];
/** TKT-2: the clock does not run while the ticket waits for a third party. */
export const RESPONSE_PAUSE_STATUSES: readonly string[] = ['WAITING_FOR_THIRD_PARTY'];

/** Default response targets (TKT-2) when a contract names none, in minutes. */
export const DEFAULT_RESPONSE_TARGET_MINUTES = { S1: 60, S2: 240, S3: 480, S4: 960 } as const;

export interface StatusEntry {
  /** The status the ticket entered, and when; the first entry is the creation. */
  status: string;
  atMs: number;
}

export interface ResponseClockInput {
  coverage: Coverage;
  calendar: BusinessCalendar;
  targetMs: number;
  /** The ticket's status history in order, starting with its creation. */
  history: StatusEntry[];
  nowMs: number;
}

export type ResponseClockState = 'RUNNING' | 'PAUSED' | 'STOPPED';

export interface ResponseClock {
  state: ResponseClockState;
  elapsedMs: number;
  /** Negative once breached while the clock still runs. */
  remainingMs: number;
  /** When the target is (or was) reached; null while paused before reaching it, or when stopped in time. */
  dueAtMs: number | null;
  breached: boolean;
  /** When the target was reached without an answer; null if it never was. */
  breachedAtMs: number | null;
  stoppedAtMs: number | null;
}

/**
 * Derives the response clock (TKT-2) from the ticket's status history alone,
 * so it is exact after any restart and can be recomputed at any time.
 */
export function computeResponseClock(input: ResponseClockInput): ResponseClock {
  const { coverage, calendar, targetMs, history, nowMs } = input;
  if (history.length === 0) throw new Error('a ticket history starts with its creation');

  let elapsedMs = 0;
  let breachedAtMs: number | null = null;
  let stoppedAtMs: number | null = null;
  let state: ResponseClockState = 'RUNNING';

  // Each status holds from its entry until the next entry (or now); only running spans count.
  for (let i = 0; i < history.length; i++) {
    const entry = history[i];
    if (entry.atMs > nowMs) break;
    if (RESPONSE_STOP_STATUSES.includes(entry.status)) {
      stoppedAtMs = entry.atMs;
      state = 'STOPPED';
      break;
    }
    state = RESPONSE_PAUSE_STATUSES.includes(entry.status) ? 'PAUSED' : 'RUNNING';
    if (state === 'PAUSED') continue;
    const spanEndMs = Math.min(history[i + 1]?.atMs ?? nowMs, nowMs);
    const counted = countedMillisBetween(coverage, calendar, entry.atMs, spanEndMs);
    if (breachedAtMs === null && elapsedMs + counted >= targetMs) {
      breachedAtMs = addCountedMillis(coverage, calendar, entry.atMs, targetMs - elapsedMs);
    }
    elapsedMs += counted;
  }

  let dueAtMs: number | null = breachedAtMs;
  if (dueAtMs === null && state === 'RUNNING') {
    dueAtMs = addCountedMillis(coverage, calendar, nowMs, targetMs - elapsedMs);
  }
  return {
    state,
    elapsedMs,
    remainingMs: targetMs - elapsedMs,
    dueAtMs,
    breached: breachedAtMs !== null,
    breachedAtMs,
    stoppedAtMs,
  };
}
