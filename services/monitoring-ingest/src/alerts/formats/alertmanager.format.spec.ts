import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlertmanagerWebhook, violations } from '@vigil/contracts';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../../../../test/fixtures', `${name}.json`), 'utf8')) as Record<string, unknown>;

describe('Alertmanager webhook v4 (MON-1)', () => {
  it.each(['alertmanager-firing', 'alertmanager-resolved'])('accepts the real %s payload', (name) => {
    expect(violations(AlertmanagerWebhook, fixture(name))).toEqual([]);
  });

  it('refuses another payload version', () => {
    expect(violations(AlertmanagerWebhook, { ...fixture('alertmanager-firing'), version: '3' })).not.toEqual([]);
  });

  it('refuses an alert without fingerprint or with an unknown status', () => {
    const webhook = fixture('alertmanager-firing') as { alerts: Array<Record<string, unknown>> };
    delete webhook.alerts[0]!['fingerprint'];
    webhook.alerts[0]!['status'] = 'exploded';
    const found = violations(AlertmanagerWebhook, webhook);
    expect(found).toEqual(expect.arrayContaining([expect.stringContaining("'fingerprint'"), expect.stringMatching(/^\/alerts\/0\/status /)]));
  });
});
