import type { DataSource } from 'typeorm';
import { CustomerChanged, EnvironmentChanged } from '@vigil/contracts';
import { createServiceDataSource, migrateServiceSchema } from '@vigil/platform-persistence';
import { createDatabase, dropDatabase, uniqueDatabaseName } from '@vigil/testing';
import { CustomerRepository } from '../../services/customers/src/customers/customer.repository';
import { EnvironmentRepository } from '../../services/customers/src/environments/environment.repository';
import { customersMigrations } from '../../services/customers/src/migrations';
import { ImportTicketingDirectory1764200000000 } from '../../services/customers/src/migrations/1764200000000-import-ticketing-directory';
import { ticketingMigrations } from '../../services/ticketing/src/migrations';

/**
 * Issue 13: the customers service takes over the customers and environments
 * ticketing kept under the interim ownership, under the same ids, and
 * announces each so every read model is fed from it from then on.
 */
describe("customers service takes over ticketing's directory", () => {
  const name = uniqueDatabaseName('vigil_takeover');
  let ticketing: DataSource;
  let customers: DataSource;
  const acmeId = '0b7d4a52-8f3e-4c2a-b1d6-5e9f0a3c7d11';
  const initechId = '6f0c2d1e-3b4a-4c5d-8e9f-0a1b2c3d4e5f';
  const environmentId = '3c9e1f70-2a4b-4d8c-9e6f-7a1b2c3d4e5f';

  beforeAll(async () => {
    const url = await createDatabase(name);
    ticketing = createServiceDataSource({ url, schema: 'ticketing', entities: [], migrations: ticketingMigrations });
    await migrateServiceSchema(ticketing, 'ticketing');
    await ticketing.query(
      `INSERT INTO ticketing.customers (id, name, contact_email, time_zone, coverage, response_targets, uptime_target_percent, created_at)
       VALUES ($1, 'ACME GmbH', 'it-ops@acme.example', 'Europe/Berlin', 'BUSINESS_HOURS', '{"S1": 30, "S2": 240, "S3": 480, "S4": 960}', 99.95, '2026-03-15T10:00:00Z'),
              ($2, 'acme gmbh', 'ops@initech.example', 'Europe/Vienna', '24x7', '{"S1": 60, "S2": 240, "S3": 480, "S4": 960}', 99.9, '2026-04-01T08:00:00Z')`,
      [acmeId, initechId],
    );
    await ticketing.query(`INSERT INTO ticketing.environments (id, customer_id, key, name, product) VALUES ($1, $2, 'acme-prod-jira', 'ACME PROD Jira', 'JIRA'), (gen_random_uuid(), $3, 'initech-wiki', 'Initech Wiki', 'XWIKI')`, [
      environmentId, acmeId, initechId,
    ]);
    customers = createServiceDataSource({ url, schema: 'customers', entities: [], migrations: customersMigrations });
    await migrateServiceSchema(customers, 'customers');
  });

  afterAll(async () => {
    await ticketing?.destroy();
    await customers?.destroy();
    await dropDatabase(name);
  });

  it('keeps the ids, what ticketing knew, and fills the rest with defaults marked in the audit log', async () => {
    const acme = await new CustomerRepository().findById(customers.manager, acmeId);
    expect(acme).toMatchObject({
      id: acmeId,
      name: 'ACME GmbH',
      coverage: 'BUSINESS_HOURS',
      calendar: { timeZone: 'Europe/Berlin', weeklyHours: { '1': [{ start: '08:00', end: '17:00' }] }, holidays: [] },
      contacts: [{ email: 'it-ops@acme.example', roles: ['TECHNICAL'] }],
      contract: { startsOn: '2026-03-15', endsOn: '2027-03-15', sla: { responseMinutes: { S1: 30 }, uptimePercent: 99.95 }, primaryRegion: { region: 'eu-central-1' }, drRegion: { region: 'eu-west-1' } },
      revision: 1,
    });
    // Names unique regardless of case: the second one is told apart by its id, not dropped.
    expect((await new CustomerRepository().findById(customers.manager, initechId))!.name).toBe(`acme gmbh (${initechId.slice(0, 8)})`);
    const environment = await new EnvironmentRepository().findById(customers.manager, acmeId, environmentId);
    expect(environment).toMatchObject({ id: environmentId, key: 'acme-prod-jira', product: 'JIRA', version: 'unknown', state: 'ACTIVE' });
    const [unknownProduct] = await new EnvironmentRepository().listByCustomer(customers.manager, initechId);
    expect(unknownProduct).toMatchObject({ key: 'initech-wiki', product: 'OTHER' });
    const audit = await customers.query(`SELECT action, actor FROM customers.audit_log ORDER BY position`);
    expect(audit).toEqual([
      { action: 'customer.imported', actor: 'system:migration' },
      { action: 'customer.imported', actor: 'system:migration' },
      { action: 'environment.imported', actor: 'system:migration' },
      { action: 'environment.imported', actor: 'system:migration' },
    ]);
  });

  it('announces every imported record, so the read models (ticketing among them) are fed from the customers service', async () => {
    const subjects = await customers.query(`SELECT subject, envelope->'data'->>'id' AS id FROM customers.outbox ORDER BY subject, envelope->'data'->>'id'`);
    expect(subjects.filter((s: { subject: string }) => s.subject === CustomerChanged.subject).map((s: { id: string }) => s.id).sort()).toEqual([acmeId, initechId].sort());
    expect(subjects.filter((s: { subject: string }) => s.subject === EnvironmentChanged.subject)).toHaveLength(2);
  });

  it('runs once: a second run of the takeover imports nothing again', async () => {
    const before = await customers.query(`SELECT count(*)::int AS n FROM customers.outbox`);
    const runner = customers.createQueryRunner();
    await new ImportTicketingDirectory1764200000000().up(runner);
    await runner.release();
    expect(await customers.query(`SELECT count(*)::int AS n FROM customers.outbox`)).toEqual(before);
    expect(await customers.query(`SELECT count(*)::int AS n FROM customers.customers`)).toEqual([{ n: 2 }]);
  });
});
