import { addDays, assertTimeZone, formatLocalDate, instantOf, isoWeekday, localDateOf, type LocalDate } from './zoned-time';

/** A window of one weekday's business hours, local time "HH:MM"; `end` may be "24:00". */
export interface BusinessHoursWindow {
  start: string;
  end: string;
}

/** A customer's business calendar (SPEC domain: weekly hours + holidays, in its own time zone). */
export interface BusinessCalendar {
  timeZone: string;
  /** ISO weekday ("1" Monday … "7" Sunday) → windows; a missing day has no business hours. */
  weeklyHours: Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', BusinessHoursWindow[]>>;
  /** Local dates "YYYY-MM-DD" without business hours. */
  holidays: string[];
}

export type Coverage = 'BUSINESS_HOURS' | '24x7';

/** Ten years of days: a calendar that would need longer to grant the time is treated as broken. */
const MAX_DAYS_SCANNED = 3660;

export class InvalidCalendarError extends Error {}

function minuteOfDay(hhmm: string): number {
  const match = /^([01][0-9]|2[0-4]):([0-5][0-9])$/.exec(hhmm);
  if (!match) throw new InvalidCalendarError(`"${hhmm}" is not a time of day (HH:MM)`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > 1440) throw new InvalidCalendarError(`"${hhmm}" is after 24:00`);
  return minutes;
}

/** Checks a calendar once, when it is stored, so clock arithmetic can trust it. */
export function validateCalendar(calendar: BusinessCalendar): string[] {
  const problems: string[] = [];
  try {
    assertTimeZone(calendar.timeZone);
  } catch {
    problems.push(`unknown time zone "${calendar.timeZone}"`);
  }
  let anyHours = false;
  for (const [day, windows] of Object.entries(calendar.weeklyHours)) {
    if (!/^[1-7]$/.test(day)) problems.push(`weekday "${day}" is not 1 (Monday) … 7 (Sunday)`);
    const sorted = [...(windows ?? [])].map((w) => {
      try {
        return { start: minuteOfDay(w.start), end: minuteOfDay(w.end) };
      } catch (error) {
        problems.push(`weekday ${day}: ${(error as Error).message}`);
        return { start: 0, end: 0 };
      }
    }).sort((a, b) => a.start - b.start);
    sorted.forEach((w, i) => {
      if (w.end <= w.start) problems.push(`weekday ${day}: a window must end after it starts`);
      else anyHours = true;
      if (i > 0 && w.start < sorted[i - 1].end) problems.push(`weekday ${day}: windows overlap`);
    });
  }
  if (!anyHours) problems.push('the week has no business hours');
  for (const holiday of calendar.holidays) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday)) problems.push(`holiday "${holiday}" is not a date (YYYY-MM-DD)`);
  }
  return problems;
}

/** Business-hour intervals [start, end) in epoch ms of one local day, in order. */
function businessIntervalsOn(calendar: BusinessCalendar, date: LocalDate, holidays: Set<string>): Array<[number, number]> {
  if (holidays.has(formatLocalDate(date))) return [];
  const windows = calendar.weeklyHours[String(isoWeekday(date)) as keyof BusinessCalendar['weeklyHours']] ?? [];
  return windows
    .map((w): [number, number] => [instantOf(date, minuteOfDay(w.start), calendar.timeZone), instantOf(date, minuteOfDay(w.end), calendar.timeZone)])
    .sort((a, b) => a[0] - b[0]);
}

/**
 * Counts time that a clock on this coverage runs between two instants:
 * wall-clock time for 24x7, otherwise only the calendar's business hours.
 */
export function countedMillisBetween(coverage: Coverage, calendar: BusinessCalendar, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  if (coverage === '24x7') return toMs - fromMs;
  const holidays = new Set(calendar.holidays);
  let total = 0;
  // Start a day early: a window of the previous local day cannot reach past midnight, but the zone's date can lag UTC's.
  let date = addDays(localDateOf(fromMs, calendar.timeZone), -1);
  for (let i = 0; i < MAX_DAYS_SCANNED + 2; i++, date = addDays(date, 1)) {
    const dayStart = instantOf(date, 0, calendar.timeZone);
    if (dayStart >= toMs) break;
    for (const [start, end] of businessIntervalsOn(calendar, date, holidays)) {
      total += Math.max(0, Math.min(end, toMs) - Math.max(start, fromMs));
    }
  }
  return total;
}

/**
 * The instant at which `amountMs` of counted time has passed, starting at
 * `fromMs` (created outside business hours: counting starts when they begin).
 */
export function addCountedMillis(coverage: Coverage, calendar: BusinessCalendar, fromMs: number, amountMs: number): number {
  if (amountMs <= 0) return fromMs;
  if (coverage === '24x7') return fromMs + amountMs;
  const holidays = new Set(calendar.holidays);
  let remaining = amountMs;
  let date = addDays(localDateOf(fromMs, calendar.timeZone), -1);
  for (let i = 0; i < MAX_DAYS_SCANNED; i++, date = addDays(date, 1)) {
    for (const [start, end] of businessIntervalsOn(calendar, date, holidays)) {
      const from = Math.max(start, fromMs);
      if (end <= from) continue;
      if (end - from >= remaining) return from + remaining;
      remaining -= end - from;
    }
  }
  throw new InvalidCalendarError(`the calendar grants no ${amountMs} ms of business time within ${MAX_DAYS_SCANNED} days`);
}
