import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Contact, ContractTerms, CustomerView, NewCustomer } from '@vigil/contracts';
import { queryRows } from '@vigil/platform-persistence';

type Row = Record<string, unknown>;

const iso = (value: unknown) => (value as Date).toISOString();
const isoDate = (value: unknown) => (typeof value === 'string' ? value : (value as Date).toISOString().slice(0, 10));

function contractOf(row: Row): ContractTerms {
  return {
    startsOn: isoDate(row['starts_on']),
    endsOn: isoDate(row['ends_on']),
    renewal: row['renewal'] as ContractTerms['renewal'],
    offering: row['offering'] as ContractTerms['offering'],
    primaryRegion: { provider: row['primary_provider'], region: row['primary_region'] } as ContractTerms['primaryRegion'],
    drRegion: { provider: row['dr_provider'], region: row['dr_region'] } as ContractTerms['drRegion'],
    sla: {
      responseMinutes: row['response_minutes'] as ContractTerms['sla']['responseMinutes'],
      uptimePercent: Number(row['uptime_percent']),
      rpoMinutes: row['rpo_minutes'] as number,
      rtoMinutes: row['rto_minutes'] as number,
    },
    maintenanceWindows: row['maintenance_windows'] as ContractTerms['maintenanceWindows'],
  };
}

const contactOf = (row: Row): Contact => ({
  name: row['name'] as string,
  email: row['email'] as string,
  ...(row['phone'] ? { phone: row['phone'] as string } : {}),
  roles: row['roles'] as Contact['roles'],
});

/** Customer, current contract and contacts (by e-mail) in one row. */
const SELECT_CUSTOMERS = `SELECT c.*, k.*,
    COALESCE((SELECT json_agg(json_build_object('name', p.name, 'email', p.email, 'phone', p.phone, 'roles', p.roles) ORDER BY lower(p.email))
                FROM customers.contacts p WHERE p.customer_id = c.id), '[]') AS contacts
   FROM customers.customers c JOIN customers.contracts k ON k.customer_id = c.id`;

function customerOf(row: Row): CustomerView {
  return {
    id: row['id'] as string,
    name: row['name'] as string,
    coverage: row['coverage'] as CustomerView['coverage'],
    calendar: { timeZone: row['time_zone'] as string, weeklyHours: row['weekly_hours'] as CustomerView['calendar']['weeklyHours'], holidays: row['holidays'] as string[] },
    contacts: (row['contacts'] as Row[]).map(contactOf),
    contract: contractOf(row),
    createdAt: iso(row['created_at']),
    updatedAt: iso(row['updated_at']),
    revision: row['revision'] as number,
  };
}

const CONTRACT_COLUMNS = `starts_on, ends_on, renewal, offering, primary_provider, primary_region, dr_provider, dr_region, response_minutes, uptime_percent, rpo_minutes, rto_minutes, maintenance_windows`;
const contractParams = (c: ContractTerms) => [
  c.startsOn, c.endsOn, c.renewal, c.offering, c.primaryRegion.provider, c.primaryRegion.region, c.drRegion.provider, c.drRegion.region,
  JSON.stringify(c.sla.responseMinutes), c.sla.uptimePercent, c.sla.rpoMinutes, c.sla.rtoMinutes, JSON.stringify(c.maintenanceWindows),
];

/**
 * Customers with their contacts and current contract. Every write takes the
 * transaction's manager (the caller appends the event and the audit entry in
 * the same transaction) and the transaction's instant.
 */
@Injectable()
export class CustomerRepository {
  /** Stores a new customer under `customerId` (the caller's, so a retried request keeps its id); false if the id is taken. */
  async insert(manager: EntityManager, customerId: string, customer: NewCustomer, now: Date): Promise<boolean> {
    const inserted = await queryRows(
      manager,
      `INSERT INTO customers.customers (id, name, coverage, time_zone, weekly_hours, holidays, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [customerId, customer.name, customer.coverage, customer.calendar.timeZone, JSON.stringify(customer.calendar.weeklyHours), JSON.stringify(customer.calendar.holidays), now],
    );
    if (inserted.length === 0) return false;
    await this.insertContacts(manager, customerId, customer.contacts);
    await manager.query(
      `INSERT INTO customers.contracts (customer_id, ${CONTRACT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [customerId, ...contractParams(customer.contract)],
    );
    return true;
  }

  async findById(manager: EntityManager, customerId: string): Promise<CustomerView | null> {
    const [row] = await queryRows<Row>(manager, `${SELECT_CUSTOMERS} WHERE c.id = $1`, [customerId]);
    return row ? customerOf(row) : null;
  }

  // unscoped: the staff directory of every customer, by name (a provider has hundreds, not millions)
  async listAll(manager: EntityManager): Promise<CustomerView[]> {
    const rows = await queryRows<Row>(manager, `${SELECT_CUSTOMERS} ORDER BY lower(c.name), c.id`);
    return rows.map(customerOf);
  }


  /**
   * Replaces what a change names (calendar and coverage, contacts, contract)
   * if the caller saw the current revision; false when someone else changed
   * the customer first (the caller answers 409 and nothing is written).
   */
  async update(
    manager: EntityManager,
    customerId: string,
    expectedRevision: number,
    change: Partial<Pick<NewCustomer, 'name' | 'coverage' | 'calendar' | 'contacts' | 'contract'>>,
    now: Date,
  ): Promise<boolean> {
    const bumped = await queryRows(
      manager,
      `UPDATE customers.customers SET revision = revision + 1, updated_at = $3,
              name = COALESCE($4, name), coverage = COALESCE($5, coverage), time_zone = COALESCE($6, time_zone),
              weekly_hours = COALESCE($7::jsonb, weekly_hours), holidays = COALESCE($8::jsonb, holidays)
        WHERE id = $1 AND revision = $2 RETURNING id`,
      [
        customerId, expectedRevision, now, change.name ?? null, change.coverage ?? null, change.calendar?.timeZone ?? null,
        change.calendar ? JSON.stringify(change.calendar.weeklyHours) : null, change.calendar ? JSON.stringify(change.calendar.holidays) : null,
      ],
    );
    if (bumped.length === 0) return false;
    if (change.contacts) {
      await manager.query(`DELETE FROM customers.contacts WHERE customer_id = $1`, [customerId]);
      await this.insertContacts(manager, customerId, change.contacts);
    }
    if (change.contract) {
      await manager.query(
        `UPDATE customers.contracts SET (${CONTRACT_COLUMNS}) = ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) WHERE customer_id = $1`,
        [customerId, ...contractParams(change.contract)],
      );
    }
    return true;
  }

  /** Environment ids of the customer: what its maintenance windows may name. */
  async environmentIds(manager: EntityManager, customerId: string): Promise<Set<string>> {
    const rows = await queryRows<{ id: string }>(manager, `SELECT id FROM customers.environments WHERE customer_id = $1`, [customerId]);
    return new Set(rows.map((r) => r.id));
  }

  private async insertContacts(manager: EntityManager, customerId: string, contacts: Contact[]): Promise<void> {
    for (const contact of contacts) {
      await manager.query(`INSERT INTO customers.contacts (id, customer_id, name, email, phone, roles) VALUES ($1, $2, $3, $4, $5, $6)`, [
        randomUUID(), customerId, contact.name, contact.email, contact.phone ?? null, contact.roles,
      ]);
    }
  }
}
