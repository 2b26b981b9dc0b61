import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '@vigil/platform-persistence';

export type AccountRef = { kind: 'staff' | 'customer'; id: string };

export interface ActiveSession {
  id: string;
  account: AccountRef;
}

const accountOf = (row: { staff_id: string | null; customer_user_id: string | null }): AccountRef =>
  row.staff_id ? { kind: 'staff', id: row.staff_id } : { kind: 'customer', id: row.customer_user_id! };

@Injectable()
export class SessionRepository {
  /** A new session; its refresh token never outlives `absoluteExpiresAt`. */
  async create(manager: EntityManager, account: AccountRef, refreshTokenHash: string, expiresAt: Date, absoluteExpiresAt: Date): Promise<string> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO identity.sessions (id, staff_id, customer_user_id, refresh_token_hash, expires_at, absolute_expires_at)
       VALUES ($1, $2, $3, $4, LEAST($5::timestamptz, $6::timestamptz), $6)`,
      [id, account.kind === 'staff' ? account.id : null, account.kind === 'customer' ? account.id : null, refreshTokenHash, expiresAt, absoluteExpiresAt],
    );
    return id;
  }

  /**
   * Swaps the refresh token of a live session (rotation): the old one stops
   * working at once and is remembered, so a second use of it is recognised.
   * Never past the session's absolute end.
   */
  async rotate(manager: EntityManager, oldHash: string, newHash: string, expiresAt: Date, now: Date): Promise<ActiveSession | null> {
    const rows = await queryRows<{ id: string; staff_id: string | null; customer_user_id: string | null }>(
      manager,
      `UPDATE identity.sessions SET refresh_token_hash = $2, expires_at = LEAST($3::timestamptz, absolute_expires_at), refreshed_at = $4
        WHERE refresh_token_hash = $1 AND revoked_at IS NULL AND expires_at > $4 AND absolute_expires_at > $4
        RETURNING id, staff_id, customer_user_id`,
      [oldHash, newHash, expiresAt, now],
    );
    if (!rows[0]) return null;
    await manager.query(`INSERT INTO identity.retired_refresh_tokens (token_hash, session_id, retired_at) VALUES ($1, $2, $3)`, [oldHash, rows[0].id, now]);
    return { id: rows[0].id, account: accountOf(rows[0]) };
  }

  /** The session a rotated-away refresh token belonged to: someone presents a token that was already used. */
  async findByRetiredToken(manager: EntityManager, tokenHash: string): Promise<{ sessionId: string; account: AccountRef } | null> {
    const rows: Array<{ id: string; staff_id: string | null; customer_user_id: string | null }> = await manager.query(
      `SELECT s.id, s.staff_id, s.customer_user_id FROM identity.retired_refresh_tokens r JOIN identity.sessions s ON s.id = r.session_id
        WHERE r.token_hash = $1 FOR UPDATE OF s`,
      [tokenHash],
    );
    return rows[0] ? { sessionId: rows[0].id, account: accountOf(rows[0]) } : null;
  }

  /** Ends every live session of an account but `except` (password changed, reuse detected); returns their ids. */
  async revokeAllOf(manager: EntityManager, account: AccountRef, at: Date, except: string | null = null): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `UPDATE identity.sessions SET revoked_at = $2
        WHERE ${account.kind === 'staff' ? 'staff_id' : 'customer_user_id'} = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $3::uuid RETURNING id`,
      [account.id, at, except],
    );
    return rows.map((r) => r.id);
  }

  /** Ends a session of `accountId` only: nobody signs out someone else's session. */
  async revoke(manager: EntityManager, sessionId: string, accountId: string, at: Date): Promise<AccountRef | null> {
    const rows = await queryRows<{ staff_id: string | null; customer_user_id: string | null }>(
      manager,
      `UPDATE identity.sessions SET revoked_at = $3
        WHERE id = $1 AND revoked_at IS NULL AND (staff_id = $2 OR customer_user_id = $2) RETURNING staff_id, customer_user_id`,
      [sessionId, accountId, at],
    );
    return rows[0] ? accountOf(rows[0]) : null;
  }
}
