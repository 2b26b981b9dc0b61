import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EnvironmentView } from '@vigil/contracts';
import { queryRows } from '@vigil/platform-persistence';

/** A customer and one of its environment keys, as `customerKeysIn` answers them. */
export const customerKey = (customerId: string, environmentKey: string) => `${customerId}\u0000${environmentKey}`;

/**
 * Which customer each environment key belongs to: a read model of the
 * customers service, so a customer-scoped integration's alerts route only to
 * that customer's active environments (issue 13).
 */
@Injectable()
export class EnvironmentDirectoryRepository {
  // unscoped: the directory is fed by the customers service's events, not by a tenant's request
  /** Stores an environment at its revision; older or repeated records change nothing. */
  async apply(manager: EntityManager, environment: EnvironmentView): Promise<void> {
    await manager.query(
      `INSERT INTO monitoring.environments (id, customer_id, key, retired_at, revision) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, key = EXCLUDED.key, retired_at = EXCLUDED.retired_at, revision = EXCLUDED.revision
       WHERE monitoring.environments.revision < EXCLUDED.revision`,
      [environment.id, environment.customerId, environment.key, environment.retiredAt, environment.revision],
    );
  }

  /** Of the (customer, key) pairs asked about, the ones naming an active environment of that customer (see customerKey). */
  async customerKeysIn(manager: EntityManager, pairs: Array<{ customerId: string; environmentKey: string }>): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows = await queryRows<{ customer_id: string; key: string }>(
      manager,
      `SELECT customer_id, key FROM monitoring.environments WHERE retired_at IS NULL AND (customer_id, key) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
      [pairs.map((p) => p.customerId), pairs.map((p) => p.environmentKey)],
    );
    return new Set(rows.map((r) => customerKey(r.customer_id, r.key)));
  }
}
