import type { DataSource } from 'typeorm';
import type { NewCustomer } from '@vigil/contracts';
import { createServiceDataSource, migrateServiceSchema } from '@vigil/platform-persistence';
import { createDatabase, dropDatabase, uniqueDatabaseName } from '@vigil/testing';
import { CustomerRepository } from '../../services/customers/src/customers/customer.repository';
import { exampleCustomer } from '../../services/customers/src/domain/example-customer';
import { EnvironmentRepository } from '../../services/customers/src/environments/environment.repository';
import { customersMigrations } from '../../services/customers/src/migrations';
import { testClock } from '../support/clock';

// Flexible Engine Paris as DR for AWS Frankfurt: regions across providers are stored as given.
const acme = (): NewCustomer => ({ ...exampleCustomer(), contract: { ...exampleCustomer().contract, drRegion: { provider: 'FLEXIBLE_ENGINE', region: 'eu-west-0' }, sla: { ...exampleCustomer().contract.sla, uptimePercent: 99.95 } } });

/** Issue 13: the customers schema and its repository against real PostgreSQL. */
describe('customer repository', () => {
  const name = uniqueDatabaseName('vigil_customers');
  let dataSource: DataSource;
  const repository = new CustomerRepository();
  const customerId = '3c1e9b52-7a4d-4f0e-9c2b-1d5e8f7a6b40';

  beforeAll(async () => {
    const url = await createDatabase(name);
    dataSource = createServiceDataSource({ url, schema: 'customers', entities: [], migrations: customersMigrations });
    expect(await migrateServiceSchema(dataSource, 'customers')).toEqual(['CreateCustomersSchema1764100000000', 'ImportTicketingDirectory1764200000000']);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(name);
  });

  it('stores a customer with contacts and contract and reads back exactly what was given', async () => {
    const now = testClock.now();
    expect(await repository.insert(dataSource.manager, customerId, acme(), now)).toBe(true);
    const stored = await repository.findById(dataSource.manager, customerId);
    const { contacts, ...rest } = acme();
    expect(stored).toEqual({ ...rest, contacts: expect.arrayContaining(contacts), id: customerId, createdAt: now.toISOString(), updatedAt: now.toISOString(), revision: 1 });
    expect(stored!.contacts).toHaveLength(2);
    // A retried create with the same id changes nothing.
    expect(await repository.insert(dataSource.manager, customerId, { ...acme(), name: 'Other' }, now)).toBe(false);
    expect((await repository.findById(dataSource.manager, customerId))!.name).toBe('ACME GmbH');
  });

  it('updates only at the revision the caller saw: a stale change writes nothing', async () => {
    const later = new Date(testClock.nowMs() + 60_000);
    const contract = { ...acme().contract, renewal: 'ENDING' as const, sla: { ...acme().contract.sla, responseMinutes: { S1: 30, S2: 120, S3: 480, S4: 960 } } };
    expect(await repository.update(dataSource.manager, customerId, 1, { contract, contacts: [acme().contacts[0]!] }, later)).toBe(true);
    expect(await repository.update(dataSource.manager, customerId, 1, { name: 'Stale' }, later)).toBe(false);
    const stored = (await repository.findById(dataSource.manager, customerId))!;
    expect(stored).toMatchObject({ name: 'ACME GmbH', revision: 2, updatedAt: later.toISOString(), contract: { renewal: 'ENDING', sla: { responseMinutes: { S1: 30 } } } });
    expect(stored.contacts).toEqual([acme().contacts[0]]);
  });

  it('the database itself refuses a DR region equal to the primary, and contract dates out of order, and nothing is half-written', async () => {
    // Writes run in the caller's transaction (the use case's unit of work), as here.
    const change = (contract: NewCustomer['contract']) => dataSource.transaction((manager) => repository.update(manager, customerId, 2, { name: 'Renamed', contract }, testClock.now()));
    await expect(change({ ...acme().contract, drRegion: acme().contract.primaryRegion })).rejects.toThrow(/contracts_dr_region_check/);
    await expect(change({ ...acme().contract, endsOn: '2025-01-01' })).rejects.toThrow(/contracts_dates_check/);
    expect(await repository.findById(dataSource.manager, customerId)).toMatchObject({ name: 'ACME GmbH', revision: 2, contract: { renewal: 'ENDING' } });
  });

  it('keeps environments per customer: ids and keys never reused, retired rather than deleted, invisible to another customer', async () => {
    const environments = new EnvironmentRepository();
    const otherCustomer = '9d2f4c61-0b3a-4e5d-8f6a-7b8c9d0e1f2a';
    await repository.insert(dataSource.manager, otherCustomer, { ...acme(), name: 'Globex' }, testClock.now());
    const jira = { name: 'ACME PROD Jira', key: 'acme-prod-jira', product: 'JIRA' as const, version: '9.12.4', provider: 'AWS' as const, region: 'eu-central-1', serverId: 'i-0abc', size: 'm6i.xlarge', publicIp: '203.0.113.10', xmlExport: true };
    const jiraId = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
    expect(await environments.insert(dataSource.manager, customerId, jiraId, jira, testClock.now())).toBe('stored');
    expect(await environments.insert(dataSource.manager, customerId, jiraId, jira, testClock.now())).toBe('id-taken');
    expect(await environments.insert(dataSource.manager, otherCustomer, 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e', jira, testClock.now())).toBe('key-taken');

    expect(await environments.findById(dataSource.manager, customerId, jiraId)).toMatchObject({ ...jira, id: jiraId, customerId, state: 'ACTIVE', retiredAt: null, revision: 1 });
    expect(await environments.findById(dataSource.manager, otherCustomer, jiraId)).toBeNull();
    expect(await environments.listByCustomer(dataSource.manager, otherCustomer)).toEqual([]);

    expect(await environments.retire(dataSource.manager, otherCustomer, jiraId, testClock.now())).toBeNull();
    expect(await environments.retire(dataSource.manager, customerId, jiraId, testClock.now())).toMatchObject({ state: 'DELETED', revision: 2 });
    expect(await environments.retire(dataSource.manager, customerId, jiraId, testClock.now())).toBeNull();
    // The key stays taken after retirement: an old alert can never route to a new environment.
    expect(await environments.insert(dataSource.manager, customerId, 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f', jira, testClock.now())).toBe('key-taken');
    expect(await repository.environmentIds(dataSource.manager, customerId)).toEqual(new Set([jiraId]));
  });
});
