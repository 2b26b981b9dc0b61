import { instantOf, localDateOf, zoneOffsetMs } from './zoned-time';

/** The offset as Intl states it for the instant itself, with no cache: the oracle. */
function intlOffsetMs(instantMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    .formatToParts(new Date(instantMs));
  const value = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wallAsUtc = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second'));
  return wallAsUtc - Math.floor(instantMs / 1000) * 1000;
}

const MINUTE = 60_000;

/**
 * TKT-2's business time depends on zone offsets; they are cached per UTC hour
 * without a transition. Every instant must still get Intl's own answer, at
 * transitions too, in zones whose changes are not whole hours or fall at odd times.
 */
describe('zone offsets', () => {
  const cases: Array<[zone: string, from: string, to: string]> = [
    ['Europe/Berlin', '2026-03-28T23:00:00Z', '2026-03-29T04:00:00Z'], // spring forward at 01:00 UTC
    ['Europe/Berlin', '2026-10-24T23:00:00Z', '2026-10-25T04:00:00Z'], // fall back
    ['America/New_York', '2026-11-01T04:00:00Z', '2026-11-01T08:00:00Z'],
    ['Australia/Lord_Howe', '2026-10-03T14:00:00Z', '2026-10-03T17:00:00Z'], // a 30-minute change
    ['Asia/Kathmandu', '2026-06-01T00:00:00Z', '2026-06-01T03:00:00Z'], // +05:45
    ['America/St_Johns', '2026-03-08T04:00:00Z', '2026-03-08T07:00:00Z'], // -03:30 to -02:30
    ['Pacific/Chatham', '2026-04-04T12:00:00Z', '2026-04-04T16:00:00Z'], // +13:45 to +12:45
    ['Europe/Berlin', '1893-03-31T22:00:00Z', '1893-04-01T01:00:00Z'], // local mean time (+00:53:28) to CET, mid-hour
  ];

  it.each(cases)('%s from %s to %s: every instant (each 7 min 13 s, and a millisecond either side of it) gets the offset and local date Intl gives', (zone, from, to) => {
    const mismatches: string[] = [];
    const instants: number[] = [];
    for (let t = Date.parse(from); t <= Date.parse(to); t += 7 * MINUTE + 13_000) instants.push(t, t + 999, t - 1);
    for (const t of instants) {
      // Twice: the first call may fill the cache, the second reads it.
      for (const round of [1, 2]) {
        const expected = intlOffsetMs(t, zone);
        const got = zoneOffsetMs(t, zone);
        if (got !== expected) mismatches.push(`${new Date(t).toISOString()} round ${round}: ${got} instead of ${expected}`);
        const local = new Date(t + expected);
        expect(localDateOf(t, zone)).toEqual({ year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() });
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses a zone Intl does not know', () => {
    expect(() => zoneOffsetMs(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('still finds the instant of a local time on both sides of a transition', () => {
    expect(new Date(instantOf({ year: 2026, month: 3, day: 29 }, 9 * 60, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(new Date(instantOf({ year: 2026, month: 3, day: 28 }, 9 * 60, 'Europe/Berlin')).toISOString()).toBe('2026-03-28T08:00:00.000Z');
    // 02:30 does not exist that night in Berlin: shifted forward by the gap.
    expect(new Date(instantOf({ year: 2026, month: 3, day: 29 }, 2 * 60 + 30, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
});
