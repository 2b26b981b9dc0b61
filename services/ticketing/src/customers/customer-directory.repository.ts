import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CustomerView, EnvironmentView } from '@vigil/contracts';
import { queryRows } from '@vigil/platform-persistence';
import type { BusinessCalendar, Coverage } from '@vigil/util-sla';

export interface RoutedEnvironment {
  environmentId: string;
  environmentName: string;
  customerId: string;
  customerName: string;
  contactEmail: string;
}

/** What the support contract says: whom to tell, and how the response clock runs (TKT-2). */
export interface SupportProfile {
  customerId: string;
  name: string;
  contactEmail: string;
  coverage: Coverage;
  calendar: BusinessCalendar;
  responseTargetMinutes: Record<'S1' | 'S2' | 'S3' | 'S4', number>;
}

/** Key order differs between jsonb and the record as sent; the comparison must not. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(canonical) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)])) : value;
const clockInputsKey = (inputs: unknown[]) => JSON.stringify(canonical(inputs));

/** Coverage, calendar and response targets of a customer record, as lockCustomerRecord holds them. */
export const clockInputsOf = (customer: CustomerView): string =>
  clockInputsKey([customer.coverage, customer.calendar.timeZone, customer.calendar.weeklyHours, customer.calendar.holidays, customer.contract.sla.responseMinutes]);

/** What the directory holds of a customer before a newer record is applied. */
export interface HeldCustomerRecord {
  revision: number;
  ticketsRescheduled: number | null;
  /** Coverage, calendar and response targets, serialised to compare: a change there moves open tickets' clocks. */
  clockInputs: string;
}

/** The columns of the directory's customer rows that supportProfileOf reads. */
export const SUPPORT_PROFILE_COLUMNS = 'id, name, contact_email, coverage, time_zone, weekly_hours, holidays, response_targets';

export const supportProfileOf = (row: Record<string, unknown>): SupportProfile => ({
  customerId: row['id'] as string,
  name: row['name'] as string,
  contactEmail: row['contact_email'] as string,
  coverage: row['coverage'] as Coverage,
  calendar: { timeZone: row['time_zone'] as string, weeklyHours: row['weekly_hours'] as BusinessCalendar['weeklyHours'], holidays: row['holidays'] as string[] },
  responseTargetMinutes: row['response_targets'] as SupportProfile['responseTargetMinutes'],
});

/** Customers and their hosted environments as ticketing needs them: a read model of the customers service (issue 13). */
@Injectable()
export class CustomerDirectoryRepository {
  // unscoped: alert routing: the key decides the customer, nobody asks for one
  /** Unscoped by customer: this is how an alert finds its customer in the first place (MON-2). */
  async findEnvironmentByKey(manager: EntityManager, key: string): Promise<RoutedEnvironment | null> {
    const rows = await manager.query(
      `SELECT e.id AS "environmentId", e.name AS "environmentName", c.id AS "customerId", c.name AS "customerName", c.contact_email AS "contactEmail"
         FROM ticketing.environments e JOIN ticketing.customers c ON c.id = e.customer_id
        WHERE e.key = $1 AND e.retired_at IS NULL`,
      [key],
    );
    return rows[0] ?? null;
  }

  async findSupportProfile(manager: EntityManager, customerId: string): Promise<SupportProfile | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(`SELECT ${SUPPORT_PROFILE_COLUMNS} FROM ticketing.customers WHERE id = $1`, [customerId]);
    return rows[0] ? supportProfileOf(rows[0]) : null;
  }

  // unscoped: the directory is fed by seed/customer events, not by a tenant's request
  async upsertCustomer(manager: EntityManager, c: { id: string; name: string; contactEmail: string; timeZone: string; coverage: string }): Promise<void> {
    await manager.query(
      `INSERT INTO ticketing.customers (id, name, contact_email, time_zone, coverage) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, contact_email = EXCLUDED.contact_email, time_zone = EXCLUDED.time_zone, coverage = EXCLUDED.coverage`,
      [c.id, c.name, c.contactEmail, c.timeZone, c.coverage],
    );
  }

  async upsertEnvironment(manager: EntityManager, e: { id: string; customerId: string; key: string; name: string; product: string }): Promise<void> {
    await manager.query(
      `INSERT INTO ticketing.environments (id, customer_id, key, name, product) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET key = EXCLUDED.key, name = EXCLUDED.name, product = EXCLUDED.product`,
      [e.id, e.customerId, e.key, e.name, e.product],
    );
  }
  /** The revision held and what the response clocks depend on, locked: one applier of a customer's records at a time. */
  async lockCustomerRecord(manager: EntityManager, customerId: string): Promise<HeldCustomerRecord | null> {
    const [row] = await queryRows<Record<string, unknown>>(
      manager,
      `SELECT revision, tickets_rescheduled, coverage, time_zone, weekly_hours, holidays, response_targets FROM ticketing.customers WHERE id = $1 FOR UPDATE`,
      [customerId],
    );
    if (!row) return null;
    return {
      revision: row['revision'] as number,
      ticketsRescheduled: row['tickets_rescheduled'] as number | null,
      clockInputs: clockInputsKey([row['coverage'], row['time_zone'], row['weekly_hours'], row['holidays'], row['response_targets']]),
    };
  }

  // unscoped: the directory is fed by the customers service's events, not by a tenant's request
  /** Stores the customers service's record at its revision; false when an equal or newer one is held already. */
  async applyCustomerRecord(manager: EntityManager, customer: CustomerView): Promise<boolean> {
    const contact = customer.contacts.find((c) => c.roles.includes('TECHNICAL')) ?? customer.contacts[0]!;
    const applied = await queryRows(
      manager,
      `INSERT INTO ticketing.customers (id, name, contact_email, time_zone, coverage, weekly_hours, holidays, response_targets, uptime_target_percent, revision)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, contact_email = EXCLUDED.contact_email, time_zone = EXCLUDED.time_zone, coverage = EXCLUDED.coverage,
         weekly_hours = EXCLUDED.weekly_hours, holidays = EXCLUDED.holidays, response_targets = EXCLUDED.response_targets,
         uptime_target_percent = EXCLUDED.uptime_target_percent, revision = EXCLUDED.revision, tickets_rescheduled = NULL
       WHERE ticketing.customers.revision < EXCLUDED.revision RETURNING id`,
      [
        customer.id, customer.name, contact.email, customer.calendar.timeZone, customer.coverage, JSON.stringify(customer.calendar.weeklyHours),
        JSON.stringify(customer.calendar.holidays), JSON.stringify(customer.contract.sla.responseMinutes), customer.contract.sla.uptimePercent, customer.revision,
      ],
    );
    return applied.length > 0;
  }

  async recordRescheduled(manager: EntityManager, customerId: string, ticketsRescheduled: number): Promise<void> {
    await manager.query(`UPDATE ticketing.customers SET tickets_rescheduled = $2 WHERE id = $1`, [customerId, ticketsRescheduled]);
  }

  // unscoped: the directory is fed by the customers service's events, not by a tenant's request
  /** Stores an environment at its revision (a retired one stops routing); older or repeated records change nothing. */
  async applyEnvironmentRecord(manager: EntityManager, environment: EnvironmentView): Promise<boolean> {
    const applied = await queryRows(
      manager,
      `INSERT INTO ticketing.environments (id, customer_id, key, name, product, revision, retired_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET key = EXCLUDED.key, name = EXCLUDED.name, product = EXCLUDED.product, revision = EXCLUDED.revision, retired_at = EXCLUDED.retired_at
       WHERE ticketing.environments.revision < EXCLUDED.revision RETURNING id`,
      [environment.id, environment.customerId, environment.key, environment.name, environment.product, environment.revision, environment.retiredAt],
    );
    return applied.length > 0;
  }
}
