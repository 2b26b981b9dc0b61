import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface CustomerUserState {
  id: string;
  customerId: string;
  email: string;
  passwordHash: string;
}

const COLUMNS = 'id, customer_id, email, password_hash';

@Injectable()
export class CustomerUserRepository {
  // unscoped: sign-in finds the user by email before anyone knows its customer
  async lockForSignIn(manager: EntityManager, email: string): Promise<CustomerUserState | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT ${COLUMNS} FROM identity.customer_users WHERE lower(email) = lower($1) AND disabled_at IS NULL FOR UPDATE`,
      [email],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  // unscoped: the id comes from a session identity issued itself
  async findActiveById(manager: EntityManager, id: string): Promise<CustomerUserState | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(`SELECT ${COLUMNS} FROM identity.customer_users WHERE id = $1 AND disabled_at IS NULL`, [id]);
    return rows[0] ? toState(rows[0]) : null;
  }

  // unscoped: on the user found by lockForSignIn
  // unscoped: on the user found by lockForSignIn
  async rehashPassword(manager: EntityManager, id: string, passwordHash: string): Promise<void> {
    await manager.query(`UPDATE identity.customer_users SET password_hash = $2 WHERE id = $1`, [id, passwordHash]);
  }

  // unscoped: on the user found by lockForSignIn
  async recordSignIn(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.query(`UPDATE identity.customer_users SET last_sign_in_at = $2 WHERE id = $1`, [id, at]);
  }

  async upsert(manager: EntityManager, user: { id: string; customerId: string; email: string; displayName: string; passwordHash: string }): Promise<void> {
    await manager.query(
      `INSERT INTO identity.customer_users (id, customer_id, email, display_name, password_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, email = EXCLUDED.email, display_name = EXCLUDED.display_name,
         password_hash = EXCLUDED.password_hash, disabled_at = NULL`,
      [user.id, user.customerId, user.email, user.displayName, user.passwordHash],
    );
  }
}

function toState(row: Record<string, unknown>): CustomerUserState {
  return {
    id: row['id'] as string,
    customerId: row['customer_id'] as string,
    email: row['email'] as string,
    passwordHash: row['password_hash'] as string,
  };
}
