import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PagerDutyEvent, violations, type PagerDutyTrigger } from '@vigil/contracts';
import { fromPagerDutyTrigger, parsePagerDutyTimestamp } from './pagerduty.format';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../../../../test/fixtures', `${name}.json`), 'utf8')) as Record<string, unknown>;

describe('PagerDuty Events API v2 (MON-1)', () => {
  it.each(['pagerduty-trigger', 'pagerduty-acknowledge', 'pagerduty-resolve'])('accepts the real %s event', (name) => {
    expect(violations(PagerDutyEvent, fixture(name))).toEqual([]);
  });

  it('reads the +0000 offsets PagerDuty senders write', () => {
    expect(parsePagerDutyTimestamp('2026-11-22T08:42:58.315+0000').toISOString()).toBe('2026-11-22T08:42:58.315Z');
    expect(parsePagerDutyTimestamp('2026-11-22T10:42:58+0200').toISOString()).toBe('2026-11-22T08:42:58.000Z');
    expect(parsePagerDutyTimestamp('2026-11-22T08:42:58Z').toISOString()).toBe('2026-11-22T08:42:58.000Z');
  });

  it('refuses a trigger without payload, an unknown action, a bad severity or timestamp', () => {
    const trigger = fixture('pagerduty-trigger') as { payload: Record<string, unknown> };
    expect(violations(PagerDutyEvent, { ...trigger, payload: undefined })).not.toEqual([]);
    expect(violations(PagerDutyEvent, { ...trigger, event_action: 'explode' })).not.toEqual([]);
    expect(violations(PagerDutyEvent, { ...trigger, payload: { ...trigger.payload, severity: 'sev1' } })).not.toEqual([]);
    expect(violations(PagerDutyEvent, { ...trigger, payload: { ...trigger.payload, timestamp: 'yesterday' } })).not.toEqual([]);
  });

  it('refuses an acknowledge or resolve without dedup_key', () => {
    expect(violations(PagerDutyEvent, { routing_key: 'k', event_action: 'resolve' })).not.toEqual([]);
  });

  it('turns a trigger into a firing alert whose labels carry the payload fields and custom details', () => {
    const alert = fromPagerDutyTrigger(fixture('pagerduty-trigger') as PagerDutyTrigger, 'confluence-db01/disk', new Date('2026-11-22T08:42:58.315Z'));
    expect(alert).toMatchObject({
      source: 'pagerduty',
      fingerprint: 'confluence-db01/disk',
      status: 'firing',
      endsAt: null,
      summary: 'DISK at 99% on machine confluence-db01.globex.example',
      severity: 'critical',
      groupKey: 'globex-prod-confluence',
      labels: {
        source: 'confluence-db01.globex.example',
        component: 'postgres',
        group: 'globex-prod-confluence',
        class: 'disk',
        environment: 'globex-prod-confluence',
        'load avg': '0.75',
      },
    });
  });
});
