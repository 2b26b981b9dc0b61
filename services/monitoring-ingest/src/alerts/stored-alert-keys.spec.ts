import type { ReceivedAlert } from './received-alert';
import { StoredAlertKeys } from './stored-alert-keys';

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
    const keys = new StoredAlertKeys({ MONITORING_INGEST_KNOWN_ALERTS: 10 });
    keys.rememberCommitted('integration-a', [alert('f1'), alert('f2')]);

    expect(keys.allStored('integration-a', [alert('f2'), alert('f1')])).toBe(true);
    expect(keys.allStored('integration-a', [alert('f1'), alert('f3')])).toBe(false);
    expect(keys.allStored('integration-b', [alert('f1')])).toBe(false);
    expect(keys.allStored('integration-a', [])).toBe(false);
  });

  it('tells a resolve, a new start or a new end from the firing alert it follows (the unique key)', () => {
    const keys = new StoredAlertKeys({ MONITORING_INGEST_KNOWN_ALERTS: 10 });
    keys.rememberCommitted('integration-a', [alert('f1'), alert('f2', { status: 'resolved', endsAt: new Date('2026-03-02T10:20:00Z') })]);

    expect(keys.allStored('integration-a', [alert('f1', { status: 'resolved', endsAt: new Date('2026-03-02T10:20:00Z') })])).toBe(false);
    expect(keys.allStored('integration-a', [alert('f1', { startsAt: new Date('2026-03-02T11:00:00Z') })])).toBe(false);
    expect(keys.allStored('integration-a', [alert('f2', { status: 'resolved', endsAt: new Date('2026-03-02T10:21:00Z') })])).toBe(false);
    expect(keys.allStored('integration-a', [alert('f2', { status: 'resolved', endsAt: new Date('2026-03-02T10:20:00Z') })])).toBe(true);
  });

  it('keeps at most its capacity, forgetting the least recently committed first', () => {
    const keys = new StoredAlertKeys({ MONITORING_INGEST_KNOWN_ALERTS: 2 });
    keys.rememberCommitted('integration-a', [alert('f1'), alert('f2')]);
    keys.rememberCommitted('integration-a', [alert('f1')]); // seen again: now the most recent
    keys.rememberCommitted('integration-a', [alert('f3')]);

    expect(keys.allStored('integration-a', [alert('f1'), alert('f3')])).toBe(true);
    expect(keys.allStored('integration-a', [alert('f2')])).toBe(false);
  });

  it('answers nothing from memory when switched off', () => {
    const keys = new StoredAlertKeys({ MONITORING_INGEST_KNOWN_ALERTS: 0 });
    keys.rememberCommitted('integration-a', [alert('f1')]);
    expect(keys.allStored('integration-a', [alert('f1')])).toBe(false);
  });
});
