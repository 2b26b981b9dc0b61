import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '@vigil/platform-persistence';

export interface ActiveSession {
  id: string;
  staffId: string;
}

@Injectable()
export class SessionRepository {
  async create(manager: EntityManager, staffId: string, refreshTokenHash: string, expiresAt: Date): Promise<string> {
    const id = randomUUID();
    await manager.query(`INSERT INTO identity.sessions (id, staff_id, refresh_token_hash, expires_at) VALUES ($1, $2, $3, $4)`, [id, staffId, refreshTokenHash, expiresAt]);
    return id;
  }

  /** Swaps the refresh token of a live session (rotation): the old one stops working at once. */
  async rotate(manager: EntityManager, oldHash: string, newHash: string, expiresAt: Date): Promise<ActiveSession | null> {
    const rows = await queryRows<{ id: string; staff_id: string }>(
      manager,
      `UPDATE identity.sessions SET refresh_token_hash = $2, expires_at = $3, refreshed_at = now()
        WHERE refresh_token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
        RETURNING id, staff_id`,
      [oldHash, newHash, expiresAt],
    );
    return rows[0] ? { id: rows[0].id, staffId: rows[0].staff_id } : null;
  }

  /** Returns the session's owner when it was live until now. */
  async revoke(manager: EntityManager, sessionId: string): Promise<string | null> {
    const rows = await queryRows<{ staff_id: string }>(
      manager,
      `UPDATE identity.sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING staff_id`,
      [sessionId],
    );
    return rows[0]?.staff_id ?? null;
  }
}
