import type { NewEnvironment } from '@vigil/contracts';
import { NewCustomer as NewCustomerSchema, violations } from '@vigil/contracts';
import { contractViolations, customerViolations, environmentViolations } from './customer-rules';
import { exampleCustomer } from './example-customer';

const acme = exampleCustomer;

describe('customer rules (issue 13)', () => {
  it('accepts a complete customer that its schema accepts', () => {
    expect(violations(NewCustomerSchema, acme())).toEqual([]);
    expect(customerViolations(acme())).toEqual([]);
  });

  it('refuses a DR region equal to the primary one, and regions the provider does not have', () => {
    const sameRegion = acme();
    sameRegion.contract.drRegion = { provider: 'AWS', region: 'eu-central-1' };
    expect(contractViolations(sameRegion.contract)).toEqual(['drRegion must differ from primaryRegion (both AWS eu-central-1)']);

    const unknown = acme();
    unknown.contract.primaryRegion = { provider: 'FLEXIBLE_ENGINE', region: 'eu-central-1' };
    expect(contractViolations(unknown.contract)).toEqual([expect.stringContaining('primaryRegion: FLEXIBLE_ENGINE eu-central-1 is not a region Vigil hosts in (FLEXIBLE_ENGINE: eu-west-0)')]);
    // Across providers is fine: Flexible Engine Paris as DR for AWS Frankfurt.
    const crossProvider = acme();
    crossProvider.contract.drRegion = { provider: 'FLEXIBLE_ENGINE', region: 'eu-west-0' };
    expect(contractViolations(crossProvider.contract)).toEqual([]);
  });

  it('names every problem at once: calendar (validateCalendar), dates, contacts', () => {
    const broken = acme();
    broken.calendar = { timeZone: 'Mars/Olympus', weeklyHours: { '1': [{ start: '17:00', end: '08:00' }] }, holidays: [] };
    broken.contract.endsOn = '2025-12-31';
    broken.contacts = [
      { name: 'Billing', email: 'money@acme.example', roles: ['BILLING'] },
      { name: 'Billing again', email: 'Money@acme.example', roles: ['BILLING'] },
    ];
    expect(customerViolations(broken)).toEqual([
      'calendar: unknown time zone "Mars/Olympus"',
      'calendar: weekday 1: a window must end after it starts',
      'calendar: the week has no business hours',
      'endsOn (2025-12-31) must be after startsOn (2026-01-01)',
      'contacts: money@acme.example is listed twice',
      'contacts: at least one TECHNICAL contact is needed (tickets and outage notices go there)',
    ]);
  });

  it('refuses non-positive SLA targets and uptime above 100 % by schema', () => {
    const customer = acme() as unknown as { contract: { sla: Record<string, unknown> } };
    customer.contract.sla = { responseMinutes: { S1: 0, S2: 240, S3: 480, S4: 960 }, uptimePercent: 100.5, rpoMinutes: -1, rtoMinutes: 240 };
    expect(violations(NewCustomerSchema, customer)).toEqual(
      expect.arrayContaining([expect.stringContaining('/contract/sla/responseMinutes/S1'), expect.stringContaining('/contract/sla/uptimePercent'), expect.stringContaining('/contract/sla/rpoMinutes')]),
    );
  });

  it("ties a maintenance window to one of the customer's environments only", () => {
    const contract = acme().contract;
    const ours = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
    contract.maintenanceWindows = [{ weekday: 6, start: '22:00', durationMinutes: 60, environmentId: ours }];
    expect(contractViolations(contract, new Set([ours]))).toEqual([]);
    expect(contractViolations(contract, new Set())).toEqual([`maintenanceWindows[0]: environment ${ours} is not one of this customer's`]);
  });

  it("checks an environment's region against its provider", () => {
    const environment: NewEnvironment = { name: 'ACME PROD Jira', key: 'acme-prod-jira', product: 'JIRA', version: '9.12.4', provider: 'AWS', region: 'eu-central-1', serverId: 'i-0abc', size: 'm6i.xlarge', xmlExport: true };
    expect(environmentViolations(environment)).toEqual([]);
    expect(environmentViolations({ ...environment, region: 'eu-west-0' })).toEqual([expect.stringContaining('region: AWS eu-west-0 is not a region')]);
  });
});
