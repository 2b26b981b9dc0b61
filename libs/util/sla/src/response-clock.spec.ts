import { computeResponseClock, DEFAULT_RESPONSE_TARGET_MINUTES, type StatusEntry } from './response-clock';
import type { BusinessCalendar, Coverage } from './business-calendar';

// Berlin office hours Mon–Fri 08:00–17:00, Christmas holidays. Instants are written in UTC
// with the Berlin wall time beside them (CET = UTC+1, CEST = UTC+2).
const berlinOffice: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weeklyHours: Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [{ start: '08:00', end: '17:00' }]])),
  holidays: ['2026-12-25', '2026-12-26'],
};
const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function clock(history: Array<[string, string]>, now: string, targetHours: number, coverage: Coverage = 'BUSINESS_HOURS') {
  const entries: StatusEntry[] = history.map(([status, time]) => ({ status, atMs: at(time) }));
  return computeResponseClock({ coverage, calendar: berlinOffice, targetMs: targetHours * HOUR, history: entries, nowMs: at(now) });
}

describe('response clock (TKT-2)', () => {
  it('uses the contract defaults S1 1 h, S2 4 h, S3 8 h, S4 16 h', () => {
    expect(DEFAULT_RESPONSE_TARGET_MINUTES).toEqual({ S1: 60, S2: 240, S3: 480, S4: 960 });
  });

  it('created outside business hours: counts from the next opening', () => {
    // Saturday 21 Nov 10:00 CET; S2 (4 h) is due Monday 23 Nov 12:00 CET.
    const c = clock([['SUBMITTED', '2026-11-21T09:00:00Z']], '2026-11-22T12:00:00Z', 4);
    expect(c).toMatchObject({ state: 'RUNNING', elapsedMs: 0, remainingMs: 4 * HOUR, breached: false });
    expect(iso(c.dueAtMs)).toBe('2026-11-23T11:00:00.000Z');
  });

  it('pauses while waiting for a third party, across a weekend', () => {
    // Fri 15:00 created, Fri 16:00 waiting for the vendor, Mon 10:00 back in progress; now Mon 11:00.
    const c = clock(
      [
        ['SUBMITTED', '2026-11-20T14:00:00Z'],
        ['WAITING_FOR_THIRD_PARTY', '2026-11-20T15:00:00Z'],
        ['IN_PROGRESS', '2026-11-23T09:00:00Z'],
      ],
      '2026-11-23T10:00:00Z',
      4,
    );
    // 1 h on Friday + 1 h on Monday; Monday 08:00–10:00 was paused.
    expect(c).toMatchObject({ state: 'RUNNING', elapsedMs: 2 * HOUR, remainingMs: 2 * HOUR, breached: false });
    expect(iso(c.dueAtMs)).toBe('2026-11-23T12:00:00.000Z'); // Mon 13:00 CET
  });

  it('shows no due time while paused, and the remaining time stays put', () => {
    const history: Array<[string, string]> = [
      ['SUBMITTED', '2026-11-23T08:00:00Z'],
      ['WAITING_FOR_THIRD_PARTY', '2026-11-23T09:00:00Z'],
    ];
    const early = clock(history, '2026-11-23T10:00:00Z', 4);
    const late = clock(history, '2026-11-25T10:00:00Z', 4);
    expect(early).toMatchObject({ state: 'PAUSED', elapsedMs: HOUR, dueAtMs: null, breached: false });
    expect(late.elapsedMs).toBe(early.elapsedMs);
  });

  it('counts business hours correctly across the end of daylight saving time', () => {
    // Fri 23 Oct 16:00 CEST, S3 (8 h): 1 h on Friday, 7 h from Mon 26 Oct 08:00 CET → 15:00 CET.
    const c = clock([['SUBMITTED', '2026-10-23T14:00:00Z']], '2026-10-23T14:30:00Z', 8);
    expect(iso(c.dueAtMs)).toBe('2026-10-26T14:00:00.000Z');
  });

  it('counts wall-clock time for 24x7 coverage, through the night the clocks go back', () => {
    // Sat 24 Oct 23:00 CEST; four real hours later it is Sun 02:00 CET (03:00 came twice).
    const c = clock([['SUBMITTED', '2026-10-24T21:00:00Z']], '2026-10-25T00:00:00Z', 4, '24x7');
    expect(c.elapsedMs).toBe(3 * HOUR);
    expect(iso(c.dueAtMs)).toBe('2026-10-25T01:00:00.000Z');
  });

  it('counts business hours correctly across the start of daylight saving time', () => {
    // Fri 27 Mar 16:00 CET, S2 (4 h): 1 h Friday, 3 h from Mon 30 Mar 08:00 CEST → 11:00 CEST.
    const c = clock([['SUBMITTED', '2026-03-27T15:00:00Z']], '2026-03-27T15:00:00Z', 4);
    expect(iso(c.dueAtMs)).toBe('2026-03-30T09:00:00.000Z');
  });

  it('skips holidays', () => {
    // Thu 24 Dec 16:00 CET, S2: 1 h, then 25/26 Dec holidays and Sunday, 3 h from Mon 28 Dec 08:00.
    const c = clock([['SUBMITTED', '2026-12-24T15:00:00Z']], '2026-12-26T12:00:00Z', 4);
    expect(c.elapsedMs).toBe(HOUR);
    expect(iso(c.dueAtMs)).toBe('2026-12-28T10:00:00.000Z');
  });

  it.each(['OPERATION_SCHEDULED', 'WAITING_FOR_CUSTOMER', 'RESOLVED', 'CLOSED'])('stops at the first entry into %s', (stop) => {
    const c = clock(
      [
        ['SUBMITTED', '2026-11-23T08:00:00Z'],
        ['IN_PROGRESS', '2026-11-23T08:30:00Z'],
        [stop, '2026-11-23T09:30:00Z'],
      ],
      '2026-11-24T15:00:00Z',
      2,
    );
    // 09:00–10:30 CET counted; the clock keeps its 1.5 h for good.
    expect(c).toMatchObject({ state: 'STOPPED', elapsedMs: 1.5 * HOUR, remainingMs: 0.5 * HOUR, breached: false, dueAtMs: null });
    expect(iso(c.stoppedAtMs)).toBe('2026-11-23T09:30:00.000Z');
  });

  it('does not restart on reopen after the stop', () => {
    const c = clock(
      [
        ['SUBMITTED', '2026-11-23T08:00:00Z'],
        ['IN_PROGRESS', '2026-11-23T08:10:00Z'],
        ['RESOLVED', '2026-11-23T08:40:00Z'],
        ['IN_PROGRESS', '2026-11-23T10:00:00Z'],
      ],
      '2026-11-25T10:00:00Z',
      1,
    );
    expect(c).toMatchObject({ state: 'STOPPED', elapsedMs: 40 * 60_000, breached: false });
  });

  it('keeps running through IN_PROGRESS: only the listed statuses answer the customer', () => {
    const c = clock(
      [
        ['SUBMITTED', '2026-11-23T08:00:00Z'],
        ['IN_PROGRESS', '2026-11-23T08:05:00Z'],
      ],
      '2026-11-23T08:35:00Z',
      1,
    );
    expect(c).toMatchObject({ state: 'RUNNING', elapsedMs: 35 * 60_000, remainingMs: 25 * 60_000 });
  });

  it('is breached once the target passes without an answer, and stays breached after the stop', () => {
    const history: Array<[string, string]> = [['SUBMITTED', '2026-11-23T08:00:00Z']];
    const running = clock(history, '2026-11-23T10:00:00Z', 1);
    expect(running).toMatchObject({ state: 'RUNNING', breached: true, remainingMs: -HOUR });
    expect(iso(running.breachedAtMs)).toBe('2026-11-23T09:00:00.000Z');
    expect(iso(running.dueAtMs)).toBe('2026-11-23T09:00:00.000Z');

    const answeredLate = clock([...history, ['WAITING_FOR_CUSTOMER', '2026-11-23T09:30:00Z']], '2026-11-24T10:00:00Z', 1);
    expect(answeredLate).toMatchObject({ state: 'STOPPED', breached: true });
    expect(iso(answeredLate.breachedAtMs)).toBe('2026-11-23T09:00:00.000Z');
  });

  it('finds the breach instant inside a span that crosses a closed night', () => {
    // Mon 16:00 CET, S2: 1 h Monday, 3 h Tuesday from 08:00 → breached Tue 11:00 CET; now Tue 13:00 CET.
    const c = clock([['SUBMITTED', '2026-11-23T15:00:00Z']], '2026-11-24T12:00:00Z', 4);
    expect(iso(c.breachedAtMs)).toBe('2026-11-24T10:00:00.000Z');
    expect(c.elapsedMs).toBe(6 * HOUR);
  });

  it('gives the same answer whenever it is recomputed from the same history', () => {
    const history: Array<[string, string]> = [
      ['SUBMITTED', '2026-11-20T14:00:00Z'],
      ['WAITING_FOR_THIRD_PARTY', '2026-11-20T15:00:00Z'],
      ['IN_PROGRESS', '2026-11-23T09:00:00Z'],
    ];
    expect(clock(history, '2026-11-23T10:00:00Z', 4)).toEqual(clock(history, '2026-11-23T10:00:00Z', 4));
  });
});
