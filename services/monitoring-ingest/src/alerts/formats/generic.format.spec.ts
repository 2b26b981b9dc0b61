import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GenericAlerts, violations } from '@vigil/contracts';
import { fromGeneric, genericViolations } from './generic.format';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../../../../test/fixtures', `${name}.json`), 'utf8')) as GenericAlerts;

describe('generic alert format (MON-1)', () => {
  it.each(['generic-firing', 'generic-resolved'])('accepts the %s example', (name) => {
    expect(violations(GenericAlerts, fixture(name))).toEqual([]);
    expect(genericViolations(fixture(name))).toEqual([]);
  });

  it('needs the end of a resolved alert, not before its start', () => {
    const resolved = fixture('generic-resolved');
    delete resolved.alerts[0]!.endsAt;
    expect(genericViolations(resolved)).toEqual(['/alerts/0/endsAt is required when status is resolved']);
    resolved.alerts[0]!.endsAt = '2026-11-22T09:00:00Z';
    expect(genericViolations(resolved)).toEqual(['/alerts/0/endsAt is before startsAt']);
  });

  it('refuses unknown fields and non-string labels', () => {
    const firing = fixture('generic-firing') as unknown as { alerts: Array<Record<string, unknown>> };
    firing.alerts[0]!['colour'] = 'red';
    firing.alerts[0]!['labels'] = { count: 3 };
    expect(violations(GenericAlerts, firing).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps the end of a resolved alert as its recovery time', () => {
    const [alert] = fromGeneric(fixture('generic-resolved'));
    expect(alert).toMatchObject({ source: 'generic', fingerprint: 'acme-prod-jira/https-probe', status: 'resolved', labels: { environment: 'acme-prod-jira' } });
    expect(alert!.endsAt?.toISOString()).toBe('2026-11-22T09:31:50.000Z');
  });
});
