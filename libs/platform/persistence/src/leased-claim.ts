import type { EntityManager } from 'typeorm';
import { queryRows } from './query-rows';

export interface LeasedClaimOptions {
  /** A column that, when set, also takes a row out of the work (e.g. `abandoned_at`). */
  skipColumn?: string;
  /**
   * Which due rows are taken first (default `seq`, oldest first), e.g.
   * `priority, seq` to take urgent rows ahead of a backlog. Back it with an
   * index partial on the done column, so the claim stays an index scan
   * however long the backlog grows.
   */
  orderBy?: string;
  /** An extra condition on the rows to claim, e.g. only the urgent ones (`priority = 0`). */
  onlyWhere?: string;
}

/**
 * Claims up to `limit` due rows of a work table for `leaseMs`, with
 * `FOR UPDATE SKIP LOCKED` so concurrent workers never take the same row and a
 * crashed worker's rows come back once its lease runs out. The table needs
 * `id`, `seq`, `locked_until`, `attempts` and a `done_column`.
 */
export async function claimLeased(
  manager: EntityManager,
  table: string,
  doneColumn: string,
  limit: number,
  leaseMs: number,
  { skipColumn, orderBy = 'seq', onlyWhere }: LeasedClaimOptions = {},
): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    manager,
    `UPDATE ${table} SET locked_until = now() + ($2 || ' milliseconds')::interval, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM ${table}
         WHERE ${doneColumn} IS NULL${skipColumn ? ` AND ${skipColumn} IS NULL` : ''}${onlyWhere ? ` AND (${onlyWhere})` : ''}
           AND (locked_until IS NULL OR locked_until < now())
         ORDER BY ${orderBy}
         LIMIT $1
         FOR UPDATE SKIP LOCKED)
      RETURNING id`,
    [limit, String(leaseMs)],
  );
  return rows.map((r) => r.id);
}
