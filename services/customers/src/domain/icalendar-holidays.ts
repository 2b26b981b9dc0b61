/**
 * Holidays from an iCalendar file (RFC 5545), as public-holiday calendars
 * publish them: all-day VEVENTs (`DTSTART;VALUE=DATE`), a multi-day one up to
 * its exclusive DTEND, yearly ones (`RRULE:FREQ=YEARLY`) repeated inside the
 * window asked for. Anything else is named as a problem rather than guessed:
 * a holiday is a whole day in the customer's own time zone.
 */

export interface ImportedHolidays {
  /** ISO dates inside the window, sorted, each once. */
  dates: string[];
  problems: string[];
}

const MAX_EVENT_DAYS = 31;

/** RFC 5545 §3.1: a line starting with a space or tab continues the previous one. */
function unfold(text: string): string[] {
  return text.replace(/\r\n|\r/g, '\n').replace(/\n[ \t]/g, '').split('\n');
}

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}

function propertyOf(line: string): Property | null {
  const colon = line.indexOf(':');
  if (colon < 0) return null;
  const [name, ...params] = line.slice(0, colon).split(';');
  return {
    name: name!.toUpperCase(),
    params: Object.fromEntries(params.map((p) => p.split('=') as [string, string]).map(([k, v]) => [k.toUpperCase(), (v ?? '').toUpperCase()])),
    value: line.slice(colon + 1).trim(),
  };
}

const isoOf = (basic: string) => `${basic.slice(0, 4)}-${basic.slice(4, 6)}-${basic.slice(6, 8)}`;
const dayMs = 86_400_000;
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
const isRealDate = (iso: string) => !Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) && new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso);

export function holidaysFromICalendar(text: string, window: { from: string; to: string }): ImportedHolidays {
  const lines = unfold(text);
  if (!lines.some((l) => l.trim().toUpperCase() === 'BEGIN:VCALENDAR')) return { dates: [], problems: ['not an iCalendar file (no BEGIN:VCALENDAR)'] };
  const dates = new Set<string>();
  const problems: string[] = [];
  let event: Property[] | null = null;
  for (const line of lines) {
    const upper = line.trim().toUpperCase();
    if (upper === 'BEGIN:VEVENT') event = [];
    else if (upper === 'END:VEVENT' && event) {
      const outcome = daysOfEvent(event, window);
      if (typeof outcome === 'string') problems.push(outcome);
      else outcome.forEach((d) => dates.add(d));
      event = null;
    } else if (event) {
      const property = propertyOf(line);
      if (property) event.push(property);
    }
  }
  return { dates: [...dates].sort(), problems };
}

/** The event's days inside the window, or why it cannot be a holiday. */
function daysOfEvent(properties: Property[], window: { from: string; to: string }): string[] | string {
  const get = (name: string) => properties.find((p) => p.name === name);
  const label = get('SUMMARY')?.value || get('UID')?.value || 'an event';
  const start = get('DTSTART');
  if (!start) return `${label}: no DTSTART`;
  if (!/^\d{8}$/.test(start.value)) return `${label}: starts at a time of day (${start.value}); a holiday is a whole day (DTSTART;VALUE=DATE)`;
  const first = isoOf(start.value);
  if (!isRealDate(first)) return `${label}: ${start.value} is not a date`;
  const end = get('DTEND');
  const length = end && /^\d{8}$/.test(end.value) ? (Date.parse(`${isoOf(end.value)}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / dayMs : 1;
  if (!(length >= 1 && length <= MAX_EVENT_DAYS)) return `${label}: lasts ${length} days; an event of 1 to ${MAX_EVENT_DAYS} days is expected`;
  const rule = get('RRULE');
  const starts = rule ? yearlyStarts(first, rule.value, window) : [first];
  if (typeof starts === 'string') return `${label}: ${starts}`;
  return starts.flatMap((s) => Array.from({ length }, (_, i) => addDays(s, i))).filter((d) => d >= window.from && d <= window.to);
}

/** Starts of a yearly rule up to the window's end (UNTIL and COUNT honoured); other rules are not holiday calendars' and are refused. */
function yearlyStarts(first: string, rule: string, window: { to: string }): string[] | string {
  const parts = Object.fromEntries(rule.split(';').map((p) => p.split('=') as [string, string]).map(([k, v]) => [k.toUpperCase(), (v ?? '').toUpperCase()]));
  if (parts['FREQ'] !== 'YEARLY' || Object.keys(parts).some((k) => !['FREQ', 'COUNT', 'UNTIL', 'INTERVAL'].includes(k))) {
    return `RRULE ${rule} is not supported (only FREQ=YEARLY with COUNT, UNTIL or INTERVAL; moving feasts come as single dates)`;
  }
  const interval = Number(parts['INTERVAL'] ?? 1);
  const count = parts['COUNT'] ? Number(parts['COUNT']) : Infinity;
  const until = parts['UNTIL'] ? isoOf(parts['UNTIL'].slice(0, 8)) : window.to;
  const starts: string[] = [];
  for (let year = Number(first.slice(0, 4)), n = 0; n < count; year += interval, n++) {
    const date = `${String(year).padStart(4, '0')}${first.slice(4)}`;
    if (date > until || date > window.to) break;
    if (isRealDate(date)) starts.push(date); // 29 February only in leap years
  }
  return starts;
}
