import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FailureRecord } from './lockout';

/**
 * Failed sign-ins per account and client address (see lockout.ts). The
 * account is named by kind and lower-cased email, known or not, so an unknown
 * email costs the same writes as a known one.
 */
@Injectable()
export class SignInFailureRepository {
  async find(manager: EntityManager, account: string, clientAddress: string): Promise<FailureRecord | null> {
    const rows: Array<{ failures: number; last_failed_at: Date; blocked_until: Date }> = await manager.query(
      `SELECT failures, last_failed_at, blocked_until FROM identity.sign_in_failures WHERE account = $1 AND client_address = $2 FOR UPDATE`,
      [account, clientAddress],
    );
    const row = rows[0];
    return row ? { failures: row.failures, lastFailedAt: row.last_failed_at, blockedUntil: row.blocked_until } : null;
  }

  async record(manager: EntityManager, account: string, clientAddress: string, failures: number, blockedUntil: Date, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO identity.sign_in_failures (account, client_address, failures, blocked_until, last_failed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account, client_address) DO UPDATE SET failures = EXCLUDED.failures, blocked_until = EXCLUDED.blocked_until, last_failed_at = EXCLUDED.last_failed_at`,
      [account, clientAddress, failures, blockedUntil, at],
    );
  }

  /** A success from an address clears that address's count; stale rows of other addresses go too. */
  async clear(manager: EntityManager, account: string, clientAddress: string, staleBefore: Date): Promise<void> {
    await manager.query(`DELETE FROM identity.sign_in_failures WHERE account = $1 AND (client_address = $2 OR last_failed_at < $3)`, [account, clientAddress, staleBefore]);
  }
}

export const signInAccount = (kind: 'staff' | 'customer', email: string): string => `${kind}:${email.toLowerCase()}`;
