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
  async create(manager: EntityManager, account: AccountRef, refreshTokenHash: string, expiresAt: Date): Promise<string> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO identity.sessions (id, staff_id, customer_user_id, refresh_token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [id, account.kind === 'staff' ? account.id : null, account.kind === 'customer' ? account.id : null, refreshTokenHash, expiresAt],
    );
    return id;
  }

  /** Swaps the refresh token of a live session (rotation): the old one stops working at once. */
  async rotate(manager: EntityManager, oldHash: string, newHash: string, expiresAt: Date, now: Date): Promise<ActiveSession | null> {
    const rows = await queryRows<{ id: string; staff_id: string | null; customer_user_id: string | null }>(
      manager,
      `UPDATE identity.sessions SET refresh_token_hash = $2, expires_at = $3, refreshed_at = $4
        WHERE refresh_token_hash = $1 AND revoked_at IS NULL AND expires_at > $4
        RETURNING id, staff_id, customer_user_id`,
      [oldHash, newHash, expiresAt, now],
    );
    return rows[0] ? { id: rows[0].id, account: accountOf(rows[0]) } : null;
  }

  /** Returns the session's owner when it was live until now. */
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
