import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CUSTOMER_ROLE } from '@vigil/contracts';
import { ACCOUNT_CHANGE_ACTIONS, type AccessReport, type AccountAccess, type AccountChange, type KeyAccess } from './access-report';

@Injectable()
export class AccessReviewRepository {
  // unscoped: the access review covers every account's changes (ACC-5)
  /** Invitations, role changes, deactivations, resets since the previous review (all of them for the first), oldest first, from the audit log. */
  async accountChangesSinceLastReview(manager: EntityManager): Promise<AccountChange[]> {
    const rows: Array<{ occurred_at: Date; actor: string; action: string; target: string; after: Record<string, unknown> | null }> = await manager.query(
      `SELECT occurred_at, actor, action, target, after FROM identity.audit_log
        WHERE action = ANY($1) AND occurred_at > coalesce((SELECT max(generated_at) FROM identity.access_reviews), '-infinity')
        ORDER BY position`,
      [[...ACCOUNT_CHANGE_ACTIONS]],
    );
    return rows.map((r) => ({ at: r.occurred_at.toISOString(), actor: r.actor, action: r.action, target: r.target, after: r.after ?? {} }));
  }

  // unscoped: the access review covers every account, staff and customer users alike (ACC-5)
  /** Every account that can sign in (disabled ones cannot and are left out). */
  async accounts(manager: EntityManager): Promise<AccountAccess[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT 'staff' AS kind, id, NULL::uuid AS customer_id, email, roles, last_sign_in_at, created_at,
              totp_secret_sealed IS NOT NULL AS mfa, password_changed_at
         FROM identity.staff_users WHERE disabled_at IS NULL
       UNION ALL
       SELECT 'customer', id, customer_id, email, CASE WHEN admin THEN ARRAY[$1, 'CUSTOMER_ADMIN'] ELSE ARRAY[$1] END, last_sign_in_at, created_at, false, created_at
         FROM identity.customer_users WHERE disabled_at IS NULL
       ORDER BY kind DESC, email`,
      [CUSTOMER_ROLE],
    );
    return rows.map((r) => ({
      accountId: r['id'] as string,
      email: r['email'] as string,
      kind: r['kind'] as 'staff' | 'customer',
      ...(r['customer_id'] ? { customerId: r['customer_id'] as string } : {}),
      roles: r['roles'] as string[],
      lastSignInAt: r['last_sign_in_at'] ? (r['last_sign_in_at'] as Date).toISOString() : null,
      createdAt: (r['created_at'] as Date).toISOString(),
      mfaEnrolled: r['mfa'] as boolean,
      passwordChangedAt: (r['password_changed_at'] as Date).toISOString(),
    }));
  }

  /** Active integration API keys with their last use. */
  async integrationKeys(manager: EntityManager): Promise<KeyAccess[]> {
    const rows: Array<{ id: string; name: string; scopes: string[]; issued_at: Date; last_used_at: Date | null }> = await manager.query(
      `SELECT id, name, scopes, issued_at, last_used_at FROM identity.integration_keys WHERE revoked_at IS NULL ORDER BY name`,
    );
    return rows.map((r) => ({ integrationId: r.id, name: r.name, scopes: r.scopes, issuedAt: r.issued_at.toISOString(), lastUsedAt: r.last_used_at?.toISOString() ?? null }));
  }

  /** Keeps the first report of a period: a re-run of the same month changes nothing. Returns the stored one. */
  async store(manager: EntityManager, report: AccessReport): Promise<{ report: AccessReport; created: boolean }> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO identity.access_reviews (period, generated_at, report) VALUES ($1, $2, $3) ON CONFLICT (period) DO NOTHING RETURNING period`,
      [report.period, report.generatedAt, JSON.stringify(report)],
    );
    if (inserted.length === 1) return { report, created: true };
    return { report: (await this.find(manager, report.period))!, created: false };
  }

  async find(manager: EntityManager, period: string): Promise<AccessReport | null> {
    const rows: Array<{ report: AccessReport }> = await manager.query(`SELECT report FROM identity.access_reviews WHERE period = $1`, [period]);
    return rows[0]?.report ?? null;
  }

  async list(manager: EntityManager): Promise<Array<{ period: string; generatedAt: string; accounts: number; flagged: number }>> {
    const rows: Array<{ period: string; generated_at: Date; report: AccessReport }> = await manager.query(
      `SELECT period, generated_at, report FROM identity.access_reviews ORDER BY period DESC`,
    );
    return rows.map((r) => ({
      period: r.period,
      generatedAt: r.generated_at.toISOString(),
      accounts: r.report.accounts.length,
      flagged: r.report.accounts.filter((a) => a.flags.length > 0).length,
    }));
  }
}
