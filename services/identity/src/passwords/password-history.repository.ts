import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** argon2id hashes of a staff member's recent passwords (the current one included), newest first (ACC-3); nothing cheaper to guess. */
@Injectable()
export class PasswordHistoryRepository {
  async recent(manager: EntityManager, staffId: string, count: number): Promise<string[]> {
    const rows: Array<{ password_hash: string }> = await manager.query(
      `SELECT password_hash FROM identity.password_history WHERE staff_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [staffId, count],
    );
    return rows.map((r) => r.password_hash);
  }

  async add(manager: EntityManager, staffId: string, passwordHash: string): Promise<void> {
    await manager.query(`INSERT INTO identity.password_history (staff_id, password_hash) VALUES ($1, $2)`, [staffId, passwordHash]);
  }
}
