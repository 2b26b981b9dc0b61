import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface CustomerUserState {
  id: string;
  customerId: string;
  email: string;
  passwordHash: string;
  /** Administers its own customer's users (issue 13). */
  admin: boolean;
}

/** A user as administrators see it: no secrets. */
export interface CustomerUserListing {
  id: string;
  customerId: string;
  email: string;
  displayName: string;
  admin: boolean;
  disabledAt: Date | null;
  lastSignInAt: Date | null;
  createdAt: Date;
}

const COLUMNS = 'id, customer_id, email, password_hash, admin';

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
  async rehashPassword(manager: EntityManager, id: string, passwordHash: string): Promise<void> {
    await manager.query(`UPDATE identity.customer_users SET password_hash = $2 WHERE id = $1`, [id, passwordHash]);
  }

  // unscoped: on the user found by lockForSignIn
  async recordSignIn(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.query(`UPDATE identity.customer_users SET last_sign_in_at = $2 WHERE id = $1`, [id, at]);
  }

  /** A new user with an unusable password and a set-password token (its hash); false when the email is taken. */
  async insertInvited(
    manager: EntityManager,
    user: { id: string; customerId: string; email: string; displayName: string; admin: boolean; passwordHash: string; resetHash: string; resetExpiresAt: Date },
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO identity.customer_users (id, customer_id, email, display_name, admin, password_hash, password_reset_hash, password_reset_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
      [user.id, user.customerId, user.email, user.displayName, user.admin, user.passwordHash, user.resetHash, user.resetExpiresAt],
    );
    return rows.length === 1;
  }

  async listOf(manager: EntityManager, customerId: string): Promise<CustomerUserListing[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT id, customer_id, email, display_name, admin, disabled_at, last_sign_in_at, created_at FROM identity.customer_users WHERE customer_id = $1 ORDER BY lower(email)`,
      [customerId],
    );
    return rows.map((row) => ({
      id: row['id'] as string,
      customerId: row['customer_id'] as string,
      email: row['email'] as string,
      displayName: row['display_name'] as string,
      admin: row['admin'] as boolean,
      disabledAt: row['disabled_at'] as Date | null,
      lastSignInAt: row['last_sign_in_at'] as Date | null,
      createdAt: row['created_at'] as Date,
    }));
  }

  /** Locks a user of that customer (null if the customer has no such user). */
  async lockOfCustomer(manager: EntityManager, customerId: string, id: string): Promise<{ disabledAt: Date | null } | null> {
    const rows: Array<{ disabled_at: Date | null }> = await manager.query(`SELECT disabled_at FROM identity.customer_users WHERE id = $1 AND customer_id = $2 FOR UPDATE`, [id, customerId]);
    return rows[0] ? { disabledAt: rows[0].disabled_at } : null;
  }

  async setDeactivated(manager: EntityManager, customerId: string, id: string, at: Date): Promise<void> {
    await manager.query(`UPDATE identity.customer_users SET disabled_at = $3, password_reset_hash = NULL, password_reset_expires_at = NULL WHERE id = $1 AND customer_id = $2`, [id, customerId, at]);
  }

  /** A reset: the old password stops working at once; only the new token (its hash) sets one. */
  async startPasswordReset(manager: EntityManager, customerId: string, id: string, unusablePasswordHash: string, resetHash: string, expiresAt: Date): Promise<void> {
    await manager.query(
      `UPDATE identity.customer_users SET password_hash = $3, password_reset_hash = $4, password_reset_expires_at = $5 WHERE id = $1 AND customer_id = $2`,
      [id, customerId, unusablePasswordHash, resetHash, expiresAt],
    );
  }

  // unscoped: the token itself identifies the user (nobody is signed in yet)
  async lockByResetHash(manager: EntityManager, resetHash: string, now: Date): Promise<{ id: string; customerId: string } | null> {
    const rows: Array<{ id: string; customer_id: string }> = await manager.query(
      `SELECT id, customer_id FROM identity.customer_users WHERE password_reset_hash = $1 AND password_reset_expires_at > $2 AND disabled_at IS NULL FOR UPDATE`,
      [resetHash, now],
    );
    return rows[0] ? { id: rows[0].id, customerId: rows[0].customer_id } : null;
  }

  // unscoped: on the user found by lockByResetHash; the token is used up
  async setPasswordFromReset(manager: EntityManager, id: string, passwordHash: string): Promise<void> {
    await manager.query(`UPDATE identity.customer_users SET password_hash = $2, password_reset_hash = NULL, password_reset_expires_at = NULL WHERE id = $1`, [id, passwordHash]);
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
    admin: row['admin'] === true,
  };
}
