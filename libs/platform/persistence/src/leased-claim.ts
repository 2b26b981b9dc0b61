import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from './query-rows';

/**
 * The columns a claim can be narrowed by (`only`). Named here rather than
 * taken from the caller, so no SQL text reaches the claim: the column is one
 * of these, the value a bound parameter.
 */
export const LEASED_CLAIM_FILTER_COLUMNS = ['priority'] as const;
export type LeasedClaimFilterColumn = (typeof LEASED_CLAIM_FILTER_COLUMNS)[number];

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
  /** Only rows whose `column` equals `equals` (bound as a parameter, never SQL text), e.g. only the urgent ones: `{ column: 'priority', equals: 0 }`. */
  only?: { column: LeasedClaimFilterColumn; equals: number | string };
}

/**
 * Claims up to `limit` due rows of a work table for `leaseMs`, with
 * `FOR UPDATE SKIP LOCKED` so concurrent workers never take the same row and a
 * crashed worker's rows come back once its lease runs out. The table needs
 * `id`, `seq`, `locked_until`, `attempts` and a `done_column`.
 */
export async function claimLeased(
  manager: EntityManager | DataSource,
  table: string,
  doneColumn: string,
  limit: number,
  leaseMs: number,
  { skipColumn, orderBy = 'seq', only }: LeasedClaimOptions = {},
): Promise<string[]> {
  return (await claimLeasedRows<{ id: string }>(manager, table, doneColumn, limit, leaseMs, { skipColumn, orderBy, only })).map((row) => row.id);
}

/**
 * `claimLeased`, answering the claimed rows' `returning` columns as well (the
 * caller's constant list, never a client's text), so a worker claims and reads
 * its rows in one statement. Outside a transaction that statement is its own:
 * one round trip instead of BEGIN, claim, read and COMMIT.
 */
export async function claimLeasedRows<T extends { id: string }>(
  manager: EntityManager | DataSource,
  table: string,
  doneColumn: string,
  limit: number,
  leaseMs: number,
  { skipColumn, orderBy = 'seq', only, returning = 'id' }: LeasedClaimOptions & { returning?: string } = {},
): Promise<T[]> {
  // The type allows only the listed columns; this holds for callers that cast or are not type-checked.
  if (only && !(LEASED_CLAIM_FILTER_COLUMNS as readonly string[]).includes(only.column)) {
    throw new Error(`claimLeased cannot filter by "${String(only.column)}" (one of: ${LEASED_CLAIM_FILTER_COLUMNS.join(', ')})`);
  }
  return queryRows<T>(
    manager,
    `UPDATE ${table} SET locked_until = now() + ($2 || ' milliseconds')::interval, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM ${table}
         WHERE ${doneColumn} IS NULL${skipColumn ? ` AND ${skipColumn} IS NULL` : ''}${only ? ` AND ${only.column} = $3` : ''}
           AND (locked_until IS NULL OR locked_until < now())
         ORDER BY ${orderBy}
         LIMIT $1
         FOR UPDATE SKIP LOCKED)
      RETURNING ${returning}`,
    only ? [limit, String(leaseMs), only.equals] : [limit, String(leaseMs)],
  );
}

/** Orders claimed rows by their `seq` (a bigserial, which node-postgres answers as a string), oldest first. */
export function bySeq(a: { seq: string }, b: { seq: string }): number {
  const [x, y] = [BigInt(a.seq), BigInt(b.seq)];
  return x < y ? -1 : x > y ? 1 : 0;
}
