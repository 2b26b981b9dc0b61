import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EnvironmentChange, EnvironmentView, NewEnvironment } from '@vigil/contracts';
import { queryRows } from '@vigil/platform-persistence';

type Row = Record<string, unknown>;

const isoOrNull = (value: unknown) => (value ? (value as Date).toISOString() : null);

function environmentOf(row: Row): EnvironmentView {
  return {
    id: row['id'] as string,
    customerId: row['customer_id'] as string,
    name: row['name'] as string,
    key: row['key'] as string,
    product: row['product'] as EnvironmentView['product'],
    version: row['product_version'] as string,
    provider: row['provider'] as EnvironmentView['provider'],
    region: row['region'] as string,
    serverId: row['server_id'] as string,
    size: row['size'] as string,
    ...(row['public_ip'] ? { publicIp: row['public_ip'] as string } : {}),
    xmlExport: row['xml_export'] as boolean,
    state: row['state'] as EnvironmentView['state'],
    createdAt: (row['created_at'] as Date).toISOString(),
    updatedAt: (row['updated_at'] as Date).toISOString(),
    retiredAt: isoOrNull(row['retired_at']),
    revision: row['revision'] as number,
  };
}

export type EnvironmentInsert = 'stored' | 'id-taken' | 'key-taken';

/** A customer's hosted environments. Nothing is deleted: an environment is retired, and its key stays taken. */
@Injectable()
export class EnvironmentRepository {
  async insert(manager: EntityManager, customerId: string, environmentId: string, environment: NewEnvironment, now: Date): Promise<EnvironmentInsert> {
    const [existing] = await queryRows<{ id: string; key: string }>(manager, `SELECT id, key FROM customers.environments WHERE id = $1 OR key = $2`, [environmentId, environment.key]);
    if (existing) return existing.id === environmentId ? 'id-taken' : 'key-taken';
    const stored = await queryRows(
      manager,
      `INSERT INTO customers.environments (id, customer_id, name, key, product, product_version, provider, region, server_id, size, public_ip, xml_export, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) ON CONFLICT DO NOTHING RETURNING id`,
      [environmentId, customerId, environment.name, environment.key, environment.product, environment.version, environment.provider, environment.region, environment.serverId, environment.size, environment.publicIp ?? null, environment.xmlExport, now],
    );
    // A concurrent insert of the same id or key between the check and here.
    return stored.length === 1 ? 'stored' : 'key-taken';
  }

  async findById(manager: EntityManager, customerId: string, environmentId: string): Promise<EnvironmentView | null> {
    const [row] = await queryRows<Row>(manager, `SELECT * FROM customers.environments WHERE id = $1 AND customer_id = $2`, [environmentId, customerId]);
    return row ? environmentOf(row) : null;
  }

  async listByCustomer(manager: EntityManager, customerId: string): Promise<EnvironmentView[]> {
    const rows = await queryRows<Row>(manager, `SELECT * FROM customers.environments WHERE customer_id = $1 ORDER BY lower(name), id`, [customerId]);
    return rows.map(environmentOf);
  }

  /** Applies a change if the caller saw the current revision and the environment is not retired; the changed record, or null. */
  async update(manager: EntityManager, customerId: string, environmentId: string, expectedRevision: number, change: EnvironmentChange, now: Date): Promise<EnvironmentView | null> {
    const [row] = await queryRows<Row>(
      manager,
      `UPDATE customers.environments SET revision = revision + 1, updated_at = $4,
              name = COALESCE($5, name), product_version = COALESCE($6, product_version), server_id = COALESCE($7, server_id), size = COALESCE($8, size),
              public_ip = CASE WHEN $9::boolean THEN $10::inet ELSE public_ip END, xml_export = COALESCE($11, xml_export)
        WHERE id = $1 AND customer_id = $2 AND revision = $3 AND state <> 'DELETED' RETURNING *`,
      [
        environmentId, customerId, expectedRevision, now, change.name ?? null, change.version ?? null, change.serverId ?? null, change.size ?? null,
        change.publicIp !== undefined, change.publicIp ?? null, change.xmlExport ?? null,
      ],
    );
    return row ? environmentOf(row) : null;
  }

  /** Retires an active environment (its key keeps routing nowhere else); null if it is not the customer's or not active. */
  async retire(manager: EntityManager, customerId: string, environmentId: string, now: Date): Promise<EnvironmentView | null> {
    const [row] = await queryRows<Row>(
      manager,
      `UPDATE customers.environments SET state = 'DELETED', retired_at = $3, updated_at = $3, revision = revision + 1
        WHERE id = $1 AND customer_id = $2 AND state <> 'DELETED' RETURNING *`,
      [environmentId, customerId, now],
    );
    return row ? environmentOf(row) : null;
  }
}
