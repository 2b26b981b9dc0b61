import { DEFAULT_RESPONSE_MINUTES, type NewCustomer, type NewEnvironment } from '@vigil/contracts';

/** The documented demo customer (README, "Demo data"): ACME GmbH, business hours Monday to Friday 08:00–17:00 in Berlin. */
export const demoCustomer = (contactEmail: string): NewCustomer => ({
  name: 'ACME GmbH',
  coverage: 'BUSINESS_HOURS',
  calendar: { timeZone: 'Europe/Berlin', weeklyHours: Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [{ start: '08:00', end: '17:00' }]])), holidays: [] },
  contacts: [{ name: 'ACME IT operations', email: contactEmail, roles: ['TECHNICAL', 'ESCALATION'] }],
  contract: {
    startsOn: '2026-01-01',
    endsOn: '2028-12-31',
    renewal: 'RENEWING',
    offering: 'CLOUD_STANDARD',
    primaryRegion: { provider: 'AWS', region: 'eu-central-1' },
    drRegion: { provider: 'AWS', region: 'eu-west-1' },
    sla: { responseMinutes: DEFAULT_RESPONSE_MINUTES, uptimePercent: 99.9, rpoMinutes: 1440, rtoMinutes: 240 },
    maintenanceWindows: [{ weekday: 7, start: '02:00', durationMinutes: 120 }],
  },
});

export const demoEnvironment = (key: string): NewEnvironment => ({
  name: 'ACME PROD Jira',
  key,
  product: 'JIRA',
  version: '10.3.4',
  provider: 'AWS',
  region: 'eu-central-1',
  serverId: 'i-0acme0prod0jira01',
  size: 'm6i.xlarge',
  xmlExport: true,
});
