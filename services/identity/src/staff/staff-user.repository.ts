import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface StaffSignInState {
  id: string;
  email: string;
  passwordHash: string;
  roles: string[];
  passwordChangedAt: Date;
  totpSecretSealed: string | null;
  totpLastStep: number | null;
  /** Invited, never signed in: the one-time password is refused after this (decision 0022). */
  invitationExpiresAt: Date | null;
}

/** An account as administrators see it: no secrets. */
export interface StaffListing {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  disabledAt: Date | null;
  invitationExpiresAt: Date | null;
  lastSignInAt: Date | null;
  createdAt: Date;
}

const SIGN_IN_COLUMNS = 'id, email, password_hash, roles, password_changed_at, totp_secret_sealed, totp_last_step, invitation_expires_at';

@Injectable()
export class StaffUserRepository {
  /** Locks the row: concurrent sign-ins of one account are serialised (TOTP replay, failure counting). */
  async lockForSignIn(manager: EntityManager, email: string): Promise<StaffSignInState | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT ${SIGN_IN_COLUMNS}
         FROM identity.staff_users WHERE lower(email) = lower($1) AND disabled_at IS NULL FOR UPDATE`,
      [email],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  async lockById(manager: EntityManager, id: string): Promise<StaffSignInState | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT ${SIGN_IN_COLUMNS}
         FROM identity.staff_users WHERE id = $1 AND disabled_at IS NULL FOR UPDATE`,
      [id],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  async setPassword(manager: EntityManager, id: string, passwordHash: string, at: Date): Promise<void> {
    await manager.query(`UPDATE identity.staff_users SET password_hash = $2, password_changed_at = $3 WHERE id = $1`, [id, passwordHash, at]);
  }

  async findActiveById(manager: EntityManager, id: string): Promise<StaffSignInState | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT ${SIGN_IN_COLUMNS}
         FROM identity.staff_users WHERE id = $1 AND disabled_at IS NULL`,
      [id],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  /** Today's argon2id parameters for a password that was hashed with older ones (its hash changes, the password does not). */
  async rehashPassword(manager: EntityManager, id: string, passwordHash: string): Promise<void> {
    await manager.query(`UPDATE identity.staff_users SET password_hash = $2 WHERE id = $1`, [id, passwordHash]);
  }

  /** Locks an account's row (concurrent (de)activations serialise) and says since when it is deactivated; null for an unknown account. */
  async lockActivation(manager: EntityManager, id: string): Promise<{ deactivatedAt: Date | null } | null> {
    const rows: Array<{ disabled_at: Date | null }> = await manager.query(`SELECT disabled_at FROM identity.staff_users WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? { deactivatedAt: rows[0].disabled_at } : null;
  }

  /** Deactivates (`at`) or reactivates (null) an account. */
  async setDeactivated(manager: EntityManager, id: string, at: Date | null): Promise<void> {
    await manager.query(`UPDATE identity.staff_users SET disabled_at = $2 WHERE id = $1`, [id, at]);
  }

  async recordSignIn(manager: EntityManager, id: string, totpStep: number, at: Date): Promise<void> {
    await manager.query(
      // The first sign-in proves the enrolment: the invitation is used up.
      `UPDATE identity.staff_users SET totp_last_step = $2, last_sign_in_at = $3, invitation_expires_at = NULL WHERE id = $1`,
      [id, totpStep, at],
    );
  }

  /**
   * A new, invited account: its one-time password counts as expired from the
   * start (the first sign-in must change it, ACC-3) and works only until
   * `invitationExpiresAt`. False when the email is taken (by any account, active or not).
   */
  async insertInvited(
    manager: EntityManager,
    user: { id: string; email: string; displayName: string; passwordHash: string; roles: string[]; totpSecretSealed: string; invitationExpiresAt: Date },
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO identity.staff_users (id, email, display_name, password_hash, roles, totp_secret_sealed, password_changed_at, invitation_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, to_timestamp(0), $7)
       ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
      [user.id, user.email, user.displayName, user.passwordHash, user.roles, user.totpSecretSealed, user.invitationExpiresAt],
    );
    return rows.length === 1;
  }

  async list(manager: EntityManager): Promise<StaffListing[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT id, email, display_name, roles, disabled_at, invitation_expires_at, last_sign_in_at, created_at FROM identity.staff_users ORDER BY lower(email)`,
    );
    return rows.map((row) => ({
      id: row['id'] as string,
      email: row['email'] as string,
      displayName: row['display_name'] as string,
      roles: row['roles'] as string[],
      disabledAt: row['disabled_at'] as Date | null,
      invitationExpiresAt: row['invitation_expires_at'] as Date | null,
      lastSignInAt: row['last_sign_in_at'] as Date | null,
      createdAt: row['created_at'] as Date,
    }));
  }

  /** Locks an account's row for a role change; null for an unknown account. */
  async lockRoles(manager: EntityManager, id: string): Promise<{ roles: string[] } | null> {
    const rows: Array<{ roles: string[] }> = await manager.query(`SELECT roles FROM identity.staff_users WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? { roles: rows[0].roles } : null;
  }

  async setRoles(manager: EntityManager, id: string, roles: string[]): Promise<void> {
    await manager.query(`UPDATE identity.staff_users SET roles = $2 WHERE id = $1`, [id, roles]);
  }

  async upsert(
    manager: EntityManager,
    user: { id: string; email: string; displayName: string; passwordHash: string; roles: string[]; totpSecretSealed: string | null },
    at: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO identity.staff_users (id, email, display_name, password_hash, roles, totp_secret_sealed, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, display_name = EXCLUDED.display_name, password_hash = EXCLUDED.password_hash,
         roles = EXCLUDED.roles, totp_secret_sealed = EXCLUDED.totp_secret_sealed, password_changed_at = EXCLUDED.password_changed_at, disabled_at = NULL`,
      [user.id, user.email, user.displayName, user.passwordHash, user.roles, user.totpSecretSealed, at],
    );
  }
}

function toState(row: Record<string, unknown>): StaffSignInState {
  return {
    id: row['id'] as string,
    email: row['email'] as string,
    passwordHash: row['password_hash'] as string,
    roles: row['roles'] as string[],
    passwordChangedAt: row['password_changed_at'] as Date,
    totpSecretSealed: row['totp_secret_sealed'] as string | null,
    totpLastStep: row['totp_last_step'] === null ? null : Number(row['totp_last_step']),
    invitationExpiresAt: (row['invitation_expires_at'] as Date | null) ?? null,
  };
}
