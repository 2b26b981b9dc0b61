import { ManualClock } from '@vigil/platform-clock';
import type { ReceivedAlert } from './received-alert';
import { StoredAlertKeys } from './stored-alert-keys';

const HOUR = 3_600_000;
const storedKeys = (capacity: number, clock = new ManualClock('2026-03-02T10:05:00Z')) =>
  new StoredAlertKeys({ MONITORING_INGEST_KNOWN_ALERTS: capacity, MONITORING_INGEST_KNOWN_ALERT_TTL_MS: HOUR }, clock);

const alert = (fingerprint: string, changes: Partial<ReceivedAlert> = {}): ReceivedAlert => ({
  source: 'alertmanager',
  fingerprint,
  status: 'firing',
  startsAt: new Date('2026-03-02T10:00:00Z'),
  endsAt: null,
  alertName: 'JiraDown',
  summary: 'Jira does not answer',
  severity: 'critical',
  labels: { environment: 'acme-prod-jira' },
  annotations: {},
  groupKey: null,
  truncatedAlerts: 0,
  ...changes,
});

/** MON-1: storing a repeat changes nothing, so a request of alerts known to be committed needs no transaction. */
describe('StoredAlertKeys', () => {
  it('knows a request only when every one of its alerts was committed for the same integration', () => {
    const keys = storedKeys(10);
    keys.rememberCommitted('integration-a', [alert('f1'), alert('f2')]);

    expect(keys.allStored('integration-a', [alert('f2'), alert('f1')])).toBe(true);
    expect(keys.allStored('integration-a', [alert('f1'), alert('f3')])).toBe(false);
    expect(keys.allStored('integration-b', [alert('f1')])).toBe(false);
    expect(keys.allStored('integration-a', [])).toBe(false);
  });

  it('tells a resolve, a new start or a new end from the firing alert it follows (the unique key)', () => {
    const keys = storedKeys(10);
    keys.rememberCommitted('integration-a', [alert('f1'), alert('f2', { status: 'resolved', endsAt: new Date('2026-03-02T10:20:00Z') })]);

    expect(keys.allStored('integration-a', [alert('f1', { status: 'resolved', endsAt: new Date('2026-03-02T10:20:00Z') })])).toBe(false);
    expect(keys.allStored('integration-a', [alert('f1', { startsAt: new Date('2026-03-02T11:00:00Z') })])).toBe(false);
    expect(keys.allStored('integration-a', [alert('f2', { status: 'resolved', endsAt: new Date('2026-03-02T10:21:00Z') })])).toBe(false);
    expect(keys.allStored('integration-a', [alert('f2', { status: 'resolved', endsAt: new Date('2026-03-02T10:20:00Z') })])).toBe(true);
  });

  it('keeps at most its capacity, forgetting the least recently committed first', () => {
    const keys = storedKeys(2);
    keys.rememberCommitted('integration-a', [alert('f1'), alert('f2')]);
    keys.rememberCommitted('integration-a', [alert('f1')]); // seen again: now the most recent
    keys.rememberCommitted('integration-a', [alert('f3')]);

    expect(keys.allStored('integration-a', [alert('f1'), alert('f3')])).toBe(true);
    expect(keys.allStored('integration-a', [alert('f2')])).toBe(false);
  });

  it('trusts a key for its time only, so a repeat after it reaches the database again; a new commit trusts it anew', () => {
    const clock = new ManualClock('2026-03-02T10:05:00Z');
    const keys = storedKeys(10, clock);
    keys.rememberCommitted('integration-a', [alert('f1')]);

    clock.advance(HOUR - 1);
    expect(keys.allStored('integration-a', [alert('f1')])).toBe(true);
    clock.advance(1);
    expect(keys.allStored('integration-a', [alert('f1')])).toBe(false);

    keys.rememberCommitted('integration-a', [alert('f1')]);
    expect(keys.allStored('integration-a', [alert('f1')])).toBe(true);
  });

  it('answers nothing from memory when switched off', () => {
    const keys = storedKeys(0);
    keys.rememberCommitted('integration-a', [alert('f1')]);
    expect(keys.allStored('integration-a', [alert('f1')])).toBe(false);
  });
});
