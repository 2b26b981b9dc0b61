import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs SQL and returns its rows. TypeORM's Postgres driver returns
 * `[rows, affectedCount]` for UPDATE/DELETE but plain rows for everything
 * else; this hides that difference so `UPDATE … RETURNING` reads like a SELECT.
 */
export async function queryRows<T>(runner: EntityManager | DataSource, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await runner.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
