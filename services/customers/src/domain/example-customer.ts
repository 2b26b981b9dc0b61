import type { NewCustomer } from '@vigil/contracts';

/** A complete, valid customer: what the tests start from (and change one field of). */
export const exampleCustomer = (): NewCustomer => ({
  name: 'ACME GmbH',
  coverage: 'BUSINESS_HOURS',
  calendar: { timeZone: 'Europe/Berlin', weeklyHours: { '1': [{ start: '08:00', end: '17:00' }] }, holidays: ['2026-12-25'] },
  contacts: [
    { name: 'IT Ops', email: 'it-ops@acme.example', roles: ['TECHNICAL'] },
    { name: 'CISO', email: 'ciso@acme.example', phone: '+49 30 1234567', roles: ['SECURITY', 'ESCALATION'] },
  ],
  contract: {
    startsOn: '2026-01-01',
    endsOn: '2028-12-31',
    renewal: 'RENEWING',
    offering: 'CLOUD_STANDARD',
    primaryRegion: { provider: 'AWS', region: 'eu-central-1' },
    drRegion: { provider: 'AWS', region: 'eu-west-1' },
    sla: { responseMinutes: { S1: 60, S2: 240, S3: 480, S4: 960 }, uptimePercent: 99.9, rpoMinutes: 1440, rtoMinutes: 240 },
    maintenanceWindows: [{ weekday: 7, start: '02:00', durationMinutes: 120 }],
  },
});
