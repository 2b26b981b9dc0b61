import { addCountedMillis, countedMillisBetween, validateCalendar, type BusinessCalendar } from './business-calendar';
import { instantOf } from './zoned-time';

const HOUR = 3_600_000;
const newYorkSplitShift: BusinessCalendar = {
  timeZone: 'America/New_York',
  weeklyHours: { '1': [{ start: '13:00', end: '17:00' }, { start: '09:00', end: '12:00' }] },
  holidays: [],
};

describe('business calendar', () => {
  it('counts split windows in the customer\'s own zone', () => {
    // Monday 23 Nov 2026, New York is UTC-5: 09:00–12:00 and 13:00–17:00 local.
    expect(countedMillisBetween('BUSINESS_HOURS', newYorkSplitShift, Date.parse('2026-11-23T00:00:00Z'), Date.parse('2026-11-24T00:00:00Z'))).toBe(7 * HOUR);
    expect(new Date(addCountedMillis('BUSINESS_HOURS', newYorkSplitShift, Date.parse('2026-11-23T00:00:00Z'), 4 * HOUR)).toISOString()).toBe(
      '2026-11-23T19:00:00.000Z',
    );
  });

  it('reaches the next week when the only business day has passed', () => {
    const due = addCountedMillis('BUSINESS_HOURS', newYorkSplitShift, Date.parse('2026-11-24T12:00:00Z'), HOUR);
    expect(new Date(due).toISOString()).toBe('2026-11-30T15:00:00.000Z');
  });

  it('maps local times on the days the clocks change', () => {
    const berlin = 'Europe/Berlin';
    // 02:30 does not exist on 29 Mar 2026 and is shifted to 03:30 CEST; on 25 Oct it exists twice, the first one counts.
    expect(new Date(instantOf({ year: 2026, month: 3, day: 29 }, 150, berlin)).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(new Date(instantOf({ year: 2026, month: 10, day: 25 }, 150, berlin)).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(new Date(instantOf({ year: 2026, month: 10, day: 25 }, 240, berlin)).toISOString()).toBe('2026-10-25T03:00:00.000Z');
  });

  it('explains what is wrong with a calendar', () => {
    expect(validateCalendar(newYorkSplitShift)).toEqual([]);
    expect(
      validateCalendar({ timeZone: 'Mars/Olympus', weeklyHours: { '1': [{ start: '17:00', end: '08:00' }], '8': [] } as BusinessCalendar['weeklyHours'], holidays: ['25.12.'] }),
    ).toEqual([
      'unknown time zone "Mars/Olympus"',
      'weekday 1: a window must end after it starts',
      'weekday "8" is not 1 (Monday) … 7 (Sunday)',
      'the week has no business hours',
      'holiday "25.12." is not a date (YYYY-MM-DD)',
    ]);
  });
});
