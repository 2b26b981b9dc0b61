import { holidaysFromICalendar } from './icalendar-holidays';

const calendar = (...events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//holidays//DE', ...events, 'END:VCALENDAR'].join('\r\n');
const event = (...lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'].join('\r\n');
const window = { from: '2026-01-01', to: '2028-12-31' };

describe('holidays from an iCalendar file (issue 13)', () => {
  it('takes all-day events, multi-day ones up to their exclusive end, and folded lines', () => {
    const text = calendar(
      event('UID:1', 'DTSTART;VALUE=DATE:20261225', 'DTEND;VALUE=DATE:20261227', 'SUMMARY:Weihnachten'),
      event('UID:2', 'DTSTART;VALUE=DATE:20261003', 'SUMMARY:Tag der Deutschen', ' Einheit'),
      event('UID:3', 'DTSTART:20270101', 'SUMMARY:Neujahr'),
    );
    expect(holidaysFromICalendar(text, window)).toEqual({ dates: ['2026-10-03', '2026-12-25', '2026-12-26', '2027-01-01'], problems: [] });
  });

  it('repeats yearly events inside the window, honouring COUNT and leap days', () => {
    const text = calendar(
      event('DTSTART;VALUE=DATE:20200501', 'RRULE:FREQ=YEARLY', 'SUMMARY:Tag der Arbeit'),
      event('DTSTART;VALUE=DATE:20261231', 'RRULE:FREQ=YEARLY;COUNT=2', 'SUMMARY:Silvester'),
      event('DTSTART;VALUE=DATE:20240229', 'RRULE:FREQ=YEARLY', 'SUMMARY:Schalttag'),
    );
    expect(holidaysFromICalendar(text, window)).toEqual({ dates: ['2026-05-01', '2026-12-31', '2027-05-01', '2027-12-31', '2028-02-29', '2028-05-01'], problems: [] });
  });

  it('names what it cannot take as a holiday instead of guessing', () => {
    const text = calendar(
      event('DTSTART:20261224T120000Z', 'SUMMARY:Heiligabend ab Mittag'),
      event('DTSTART;VALUE=DATE:20260406', 'RRULE:FREQ=MONTHLY', 'SUMMARY:Monatsabschluss'),
      event('DTSTART;VALUE=DATE:20260230', 'SUMMARY:Kein Tag'),
      event('SUMMARY:Ohne Datum'),
    );
    const { dates, problems } = holidaysFromICalendar(text, window);
    expect(dates).toEqual([]);
    expect(problems).toEqual([
      expect.stringContaining('Heiligabend ab Mittag: starts at a time of day'),
      expect.stringContaining('Monatsabschluss: RRULE FREQ=MONTHLY is not supported'),
      'Kein Tag: 20260230 is not a date',
      'Ohne Datum: no DTSTART',
    ]);
  });

  it('refuses what is not an iCalendar file', () => {
    expect(holidaysFromICalendar('2026-12-25,2026-12-26', window).problems).toEqual(['not an iCalendar file (no BEGIN:VCALENDAR)']);
  });
});
