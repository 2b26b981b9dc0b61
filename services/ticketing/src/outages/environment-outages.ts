import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RoutedEnvironment } from '../customers/customer-directory.repository';
import type { OpenOutage } from './outage.repository';

export interface LockedEnvironment {
  environment: RoutedEnvironment;
  /** The environment's open outage, if any, read under the lock. */
  openOutage: OpenOutage | null;
}

/**
 * Where every alert decision (MON-2) starts: the environments alerts' keys
 * name, locked for the rest of the transaction (in one order, so concurrent
 * transactions cannot deadlock) so alerts of one environment are decided one
 * after another, and their open outages. Three statements however many alerts.
 */
@Injectable()
export class EnvironmentOutages {
  /** By environment key; keys that name no environment are absent. */
  async lockMany(manager: EntityManager, environmentKeys: string[]): Promise<Map<string, LockedEnvironment>> {
    const locked = new Map<string, LockedEnvironment>();
    if (environmentKeys.length === 0) return locked;
    const environments: Array<RoutedEnvironment & { key: string }> = await manager.query(
      `SELECT e.key, e.id AS "environmentId", e.name AS "environmentName", c.id AS "customerId", c.name AS "customerName", c.contact_email AS "contactEmail"
         FROM ticketing.environments e JOIN ticketing.customers c ON c.id = e.customer_id
        WHERE e.key = ANY($1::text[])`,
      [[...new Set(environmentKeys)]],
    );
    if (environments.length === 0) return locked;
    const ids = environments.map((e) => e.environmentId).sort();
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended(id, 0)) FROM (SELECT unnest($1::text[]) AS id ORDER BY 1) AS ordered`, [ids]);
    const open: Array<OpenOutage & { environmentId: string }> = await manager.query(
      `SELECT id, ticket_id AS "ticketId", started_at AS "startedAt", environment_id AS "environmentId"
         FROM ticketing.outages WHERE environment_id = ANY($1::uuid[]) AND restored_at IS NULL AND closed_at IS NULL`,
      [ids],
    );
    for (const { key, ...environment } of environments) {
      const outage = open.find((o) => o.environmentId === environment.environmentId);
      locked.set(key, { environment, openOutage: outage ? { id: outage.id, ticketId: outage.ticketId, startedAt: outage.startedAt } : null });
    }
    return locked;
  }

  /** null when the key names no environment. */
  async lock(manager: EntityManager, environmentKey: string | null): Promise<LockedEnvironment | null> {
    if (!environmentKey) return null;
    return (await this.lockMany(manager, [environmentKey])).get(environmentKey) ?? null;
  }
}
