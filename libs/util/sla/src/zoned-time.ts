/**
 * Wall-clock time in an IANA time zone without a date library: Intl knows the
 * zone rules (daylight saving included) and is available in Node and in the
 * Temporal workflow sandbox alike.
 */

export interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError for a zone Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

function formattedOffsetMs(instantMs: number, timeZone: string): number {
  const values: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  const wallAsUtc = Date.UTC(values['year']!, values['month']! - 1, values['day']!, values['hour']!, values['minute']!, values['second']!);
  return wallAsUtc - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

const HOUR_MS = 3_600_000;
/** Per zone: the offset of each UTC hour that has no transition in it. Bounded: cleared when it grows past this. */
const MAX_CACHED_HOURS = 200_000;
const steadyHours = new Map<string, Map<number, number>>();

/**
 * Offset of the zone from UTC at an instant, in milliseconds (Berlin in summer: +2 h).
 * formatToParts costs microseconds and a business-time sum asks for offsets
 * several times per day it walks (it was an eighth of ticketing's CPU when
 * reading tickets), so the offset of each UTC hour is kept once it is known
 * to hold for the whole hour: the same at its first and last second. An hour
 * with a transition in it is asked of Intl at every instant.
 */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  let hours = steadyHours.get(timeZone);
  if (!hours) {
    assertTimeZone(timeZone); // an unknown zone throws here, before it gets a cache
    steadyHours.set(timeZone, (hours = new Map()));
  }
  const hour = Math.floor(instantMs / HOUR_MS);
  const known = hours.get(hour);
  if (known !== undefined) return known;
  const start = hour * HOUR_MS;
  const offset = formattedOffsetMs(start, timeZone);
  if (formattedOffsetMs(start + HOUR_MS - 1000, timeZone) !== offset) return formattedOffsetMs(instantMs, timeZone);
  if (hours.size >= MAX_CACHED_HOURS) hours.clear();
  hours.set(hour, offset);
  return offset;
}

export function localDateOf(instantMs: number, timeZone: string): LocalDate {
  const local = new Date(instantMs + zoneOffsetMs(instantMs, timeZone));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/**
 * The instant a local wall-clock time happens in the zone. A time skipped by a
 * spring-forward gap is shifted forward by the gap (02:30 becomes 03:30, as
 * java.time does); a time that occurs twice (autumn) maps to its first occurrence.
 */
export function instantOf(date: LocalDate, minuteOfDay: number, timeZone: string): number {
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  const before = wallAsUtc - zoneOffsetMs(wallAsUtc - 86_400_000, timeZone);
  const after = wallAsUtc - zoneOffsetMs(wallAsUtc + 86_400_000, timeZone);
  // Try the earlier offset candidate first so repeated autumn times resolve to the first occurrence.
  const candidates = before <= after ? [before, after] : [after, before];
  for (const candidate of candidates) {
    if (candidate + zoneOffsetMs(candidate, timeZone) === wallAsUtc) return candidate;
  }
  // In a spring-forward gap no instant shows this wall time; the later candidate is the shifted one.
  return Math.max(before, after);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** ISO weekday: Monday 1 … Sunday 7. */
export function isoWeekday(date: LocalDate): number {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

export function formatLocalDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}
