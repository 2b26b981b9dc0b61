import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Skeleton hashes of a staff member's recent passwords, newest first (ACC-3). */
@Injectable()
export class PasswordHistoryRepository {
  async recent(manager: EntityManager, staffId: string, count: number): Promise<string[]> {
    const rows: Array<{ skeleton_hash: string }> = await manager.query(
      `SELECT skeleton_hash FROM identity.password_history WHERE staff_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [staffId, count],
    );
    return rows.map((r) => r.skeleton_hash);
  }

  async add(manager: EntityManager, staffId: string, skeletonHash: string): Promise<void> {
    await manager.query(`INSERT INTO identity.password_history (staff_id, skeleton_hash) VALUES ($1, $2)`, [staffId, skeletonHash]);
  }
}
