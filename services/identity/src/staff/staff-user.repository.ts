import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface StaffUser {
  id: string;
  email: string;
  passwordHash: string;
  roles: string[];
}

@Injectable()
export class StaffUserRepository {
  async findActiveByEmail(manager: EntityManager, email: string): Promise<StaffUser | null> {
    const rows: Array<{ id: string; email: string; password_hash: string; roles: string[] }> = await manager.query(
      `SELECT id, email, password_hash, roles FROM identity.staff_users WHERE lower(email) = lower($1) AND disabled_at IS NULL`,
      [email],
    );
    const row = rows[0];
    return row ? { id: row.id, email: row.email, passwordHash: row.password_hash, roles: row.roles } : null;
  }

  async upsert(manager: EntityManager, user: { id: string; email: string; displayName: string; passwordHash: string; roles: string[] }): Promise<void> {
    await manager.query(
      `INSERT INTO identity.staff_users (id, email, display_name, password_hash, roles) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, display_name = EXCLUDED.display_name,
         password_hash = EXCLUDED.password_hash, roles = EXCLUDED.roles, disabled_at = NULL`,
      [user.id, user.email, user.displayName, user.passwordHash, user.roles],
    );
  }
}
