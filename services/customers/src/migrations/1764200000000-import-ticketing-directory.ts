import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CustomerChanged, DEFAULT_RESPONSE_MINUTES, EnvironmentChanged, PRODUCTS, type NewCustomer, type NewEnvironment } from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { clockFromEnvironment } from '@vigil/platform-clock';
import { OutboxWriter } from '@vigil/platform-messaging';
import { queryRows } from '@vigil/platform-persistence';
import { CustomerRepository } from '../customers/customer.repository';
import { EnvironmentRepository } from '../environments/environment.repository';

type Row = Record<string, unknown>;

/** What ticketing never knew is filled with these, marked in the audit log for staff to review (decision 0021). */
const IMPORT_DEFAULTS = {
  contract: { renewal: 'RENEWING', offering: 'CLOUD_STANDARD', primaryRegion: { provider: 'AWS', region: 'eu-central-1' }, drRegion: { provider: 'AWS', region: 'eu-west-1' }, rpoMinutes: 1440, rtoMinutes: 240 },
  environment: { version: 'unknown', provider: 'AWS', region: 'eu-central-1', serverId: 'unknown', size: 'unknown', xmlExport: false },
} as const;

const isoDate = (value: Date) => value.toISOString().slice(0, 10);

/**
 * Takes over the customers and environments ticketing kept under the interim
 * ownership (decision 0007), under the same ids, and announces each one, so
 * every read model (ticketing's own included) is fed from here from now on.
 * Runs with the migration's administrative connection, the one time this
 * schema reads another's; a fresh installation has nothing to take over.
 */
export class ImportTicketingDirectory1764200000000 implements MigrationInterface {
  name = 'ImportTicketingDirectory1764200000000';

  async up(q: QueryRunner): Promise<void> {
    const [{ present }] = await q.query(`SELECT to_regclass('ticketing.customers') IS NOT NULL AND to_regclass('ticketing.environments') IS NOT NULL AS present`);
    if (!present) return;
    const manager = q.manager;
    const clock = clockFromEnvironment();
    const outbox = new OutboxWriter('customers', clock);
    const audit = new AuditLog('customers', 'customers', outbox, clock);
    const customers = new CustomerRepository();
    const environments = new EnvironmentRepository();
    const now = clock.now();
    const takenNames = new Set<string>();

    for (const row of await queryRows<Row>(manager, `SELECT * FROM ticketing.customers ORDER BY created_at, id`)) {
      const id = row['id'] as string;
      let name = row['name'] as string;
      if (takenNames.has(name.toLowerCase())) name = `${name} (${id.slice(0, 8)})`;
      takenNames.add(name.toLowerCase());
      const startsOn = row['created_at'] as Date;
      const record: NewCustomer = {
        name,
        coverage: row['coverage'] as NewCustomer['coverage'],
        calendar: { timeZone: row['time_zone'] as string, weeklyHours: row['weekly_hours'] as NewCustomer['calendar']['weeklyHours'], holidays: row['holidays'] as string[] },
        contacts: [{ name: 'Technical contact', email: row['contact_email'] as string, roles: ['TECHNICAL'] }],
        contract: {
          startsOn: isoDate(startsOn),
          endsOn: isoDate(new Date(Date.UTC(startsOn.getUTCFullYear() + 1, startsOn.getUTCMonth(), startsOn.getUTCDate()))),
          renewal: IMPORT_DEFAULTS.contract.renewal,
          offering: IMPORT_DEFAULTS.contract.offering,
          primaryRegion: IMPORT_DEFAULTS.contract.primaryRegion,
          drRegion: IMPORT_DEFAULTS.contract.drRegion,
          sla: {
            responseMinutes: (row['response_targets'] as NewCustomer['contract']['sla']['responseMinutes']) ?? DEFAULT_RESPONSE_MINUTES,
            uptimePercent: Number(row['uptime_target_percent'] ?? 99.9),
            rpoMinutes: IMPORT_DEFAULTS.contract.rpoMinutes,
            rtoMinutes: IMPORT_DEFAULTS.contract.rtoMinutes,
          },
          maintenanceWindows: [],
        },
      };
      if (!(await customers.insert(manager, id, record, now))) continue;
      await outbox.append(manager, CustomerChanged, (await customers.findById(manager, id))!);
      await audit.append(manager, { actor: 'system:migration', action: 'customer.imported', target: `customer:${id}`, after: { from: 'ticketing', defaulted: IMPORT_DEFAULTS.contract } });
    }

    for (const row of await queryRows<Row>(manager, `SELECT * FROM ticketing.environments ORDER BY created_at, id`)) {
      const product = (PRODUCTS as readonly string[]).includes(row['product'] as string) ? (row['product'] as NewEnvironment['product']) : 'OTHER';
      const environment: NewEnvironment = { name: row['name'] as string, key: row['key'] as string, product, ...IMPORT_DEFAULTS.environment };
      const id = row['id'] as string;
      const customerId = row['customer_id'] as string;
      if ((await environments.insert(manager, customerId, id, environment, now)) !== 'stored') continue;
      await outbox.append(manager, EnvironmentChanged, (await environments.findById(manager, customerId, id))!);
      await audit.append(manager, { actor: 'system:migration', action: 'environment.imported', target: `environment:${id}`, after: { from: 'ticketing', defaulted: IMPORT_DEFAULTS.environment } });
    }
  }

  async down(): Promise<void> {
    // The imported records are the customers service's own from here on; ticketing keeps its copy as a read model.
  }
}
