import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface RoutedEnvironment {
  environmentId: string;
  environmentName: string;
  customerId: string;
  customerName: string;
  contactEmail: string;
}

/** Customers and their hosted environments as ticketing needs them. */
@Injectable()
export class CustomerDirectoryRepository {
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
