import { PROVIDER_REGIONS, type ContractTerms, type NewCustomer, type NewEnvironment, type Region } from '@vigil/contracts';
import { validateCalendar, type BusinessCalendar } from '@vigil/util-sla';

/**
 * The rules of a customer record that span fields, beyond what its schema
 * says: checked before anything is stored, each violation named, so a bad
 * request changes nothing and says everything that is wrong at once.
 */

const regionName = (r: Region) => `${r.provider} ${r.region}`;

export function regionViolations(field: string, region: Region): string[] {
  const known = PROVIDER_REGIONS[region.provider] as readonly string[];
  return known.includes(region.region) ? [] : [`${field}: ${regionName(region)} is not a region Vigil hosts in (${region.provider}: ${known.join(', ')})`];
}

/** DR ≠ primary (BAK-2 copies snapshots to another region), end after start, a window per environment of this customer. */
export function contractViolations(contract: ContractTerms, environmentIds: ReadonlySet<string> = new Set()): string[] {
  const problems = [...regionViolations('primaryRegion', contract.primaryRegion), ...regionViolations('drRegion', contract.drRegion)];
  if (contract.primaryRegion.provider === contract.drRegion.provider && contract.primaryRegion.region === contract.drRegion.region) {
    problems.push(`drRegion must differ from primaryRegion (both ${regionName(contract.primaryRegion)})`);
  }
  if (contract.endsOn <= contract.startsOn) problems.push(`endsOn (${contract.endsOn}) must be after startsOn (${contract.startsOn})`);
  if (contract.renewal === 'ENDED' && contract.maintenanceWindows.length > 0) problems.push('an ended contract has no maintenance windows');
  contract.maintenanceWindows.forEach((window, i) => {
    if (window.environmentId !== undefined && !environmentIds.has(window.environmentId)) {
      problems.push(`maintenanceWindows[${i}]: environment ${window.environmentId} is not one of this customer's`);
    }
  });
  return problems;
}

export function calendarViolations(calendar: BusinessCalendar): string[] {
  return validateCalendar(calendar).map((problem) => `calendar: ${problem}`);
}

/** `environmentIds`: the customer's environments, which its maintenance windows may name (none for a new customer). */
export function customerViolations(customer: NewCustomer, environmentIds: ReadonlySet<string> = new Set()): string[] {
  const emails = customer.contacts.map((c) => c.email.toLowerCase());
  const duplicates = [...new Set(emails.filter((email, i) => emails.indexOf(email) !== i))];
  return [
    ...calendarViolations(customer.calendar),
    ...contractViolations(customer.contract, environmentIds),
    ...duplicates.map((email) => `contacts: ${email} is listed twice`),
    ...(customer.contacts.some((c) => c.roles.includes('TECHNICAL')) ? [] : ['contacts: at least one TECHNICAL contact is needed (tickets and outage notices go there)']),
  ];
}

export function environmentViolations(environment: NewEnvironment): string[] {
  return regionViolations('region', { provider: environment.provider, region: environment.region });
}
