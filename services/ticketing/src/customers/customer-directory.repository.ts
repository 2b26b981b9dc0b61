import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
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

/** Customers and their hosted environments as ticketing needs them. */
@Injectable()
export class CustomerDirectoryRepository {
  // unscoped: alert routing: the key decides the customer, nobody asks for one
  /** Unscoped by customer: this is how an alert finds its customer in the first place (MON-2). */
  async findEnvironmentByKey(manager: EntityManager, key: string): Promise<RoutedEnvironment | null> {
    const rows = await manager.query(
      `SELECT e.id AS "environmentId", e.name AS "environmentName", c.id AS "customerId", c.name AS "customerName", c.contact_email AS "contactEmail"
         FROM ticketing.environments e JOIN ticketing.customers c ON c.id = e.customer_id
        WHERE e.key = $1`,
      [key],
    );
    return rows[0] ?? null;
  }

  async findSupportProfile(manager: EntityManager, customerId: string): Promise<SupportProfile | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT id, name, contact_email, coverage, time_zone, weekly_hours, holidays, response_targets FROM ticketing.customers WHERE id = $1`,
      [customerId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      customerId: row['id'] as string,
      name: row['name'] as string,
      contactEmail: row['contact_email'] as string,
      coverage: row['coverage'] as Coverage,
      calendar: { timeZone: row['time_zone'] as string, weeklyHours: row['weekly_hours'] as BusinessCalendar['weeklyHours'], holidays: row['holidays'] as string[] },
      responseTargetMinutes: row['response_targets'] as SupportProfile['responseTargetMinutes'],
    };
  }

  async environmentBelongsTo(manager: EntityManager, environmentId: string, customerId: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM ticketing.environments WHERE id = $1 AND customer_id = $2`, [environmentId, customerId]);
    return rows.length > 0;
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
}
