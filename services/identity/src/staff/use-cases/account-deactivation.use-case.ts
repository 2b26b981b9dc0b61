import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ACCOUNT_ADMIN_ROLES, actorOf, IdentityError, type StaffAccountRequest, type StaffAccountStatus } from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { Clock } from '@vigil/platform-clock';
import { UnitOfWork } from '@vigil/platform-runtime';
import { IdentityException } from '../../identity.exception';
import { SessionRepository } from '../../sign-in/session.repository';
import { SessionRevocations } from '../../sign-in/session-revocations';
import { StaffUserRepository } from '../staff-user.repository';

/**
 * Deactivating a staff account (issue 12) ends every session and refresh
 * token of it in the same transaction, tells every gateway (so its unexpired
 * access tokens are refused at once) and from then on its sign-ins are
 * refused exactly like a wrong password. Reactivating lets it sign in again;
 * ended sessions stay ended. Only account admins may, and never on their own
 * account (nobody locks the last admin out by mistake). Whose roles count is
 * read here, not trusted from the gateway. Repeating either is harmless.
 */
@Injectable()
export class AccountDeactivationUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly staff: StaffUserRepository,
    private readonly sessions: SessionRepository,
    private readonly revocations: SessionRevocations,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  deactivate(request: StaffAccountRequest): Promise<StaffAccountStatus> {
    return this.unitOfWork.run(async (manager) => {
      const before = await this.lockAccount(manager, request);
      const now = this.clock.now();
      // Deactivating twice keeps the first time.
      if (before.deactivatedAt) return { staffId: request.staffId, active: false, deactivatedAt: before.deactivatedAt.toISOString(), sessionsEnded: 0 };
      await this.staff.setDeactivated(manager, request.staffId, now);
      const ended = await this.sessions.revokeAllOf(manager, { kind: 'staff', id: request.staffId }, now);
      await this.revocations.announce(manager, ended, now);
      await this.audit.append(manager, {
        actor: actorOf(request.caller),
        action: 'staff.deactivated',
        target: `staff:${request.staffId}`,
        before: { active: true },
        after: { active: false, sessionsEnded: ended.length },
      });
      return { staffId: request.staffId, active: false, deactivatedAt: now.toISOString(), sessionsEnded: ended.length };
    });
  }

  reactivate(request: StaffAccountRequest): Promise<StaffAccountStatus> {
    return this.unitOfWork.run(async (manager) => {
      const before = await this.lockAccount(manager, request);
      if (before.deactivatedAt) {
        await this.staff.setDeactivated(manager, request.staffId, null);
        await this.audit.append(manager, { actor: actorOf(request.caller), action: 'staff.reactivated', target: `staff:${request.staffId}`, before: { active: false }, after: { active: true } });
      }
      return { staffId: request.staffId, active: true, deactivatedAt: null, sessionsEnded: 0 };
    });
  }

  /** The target account (404 if there is none), locked, once the caller is known to be allowed to change it. */
  private async lockAccount(manager: EntityManager, request: StaffAccountRequest): Promise<{ deactivatedAt: Date | null }> {
    const account = await this.staff.lockActivation(manager, request.staffId);
    if (!account) throw new IdentityException(IdentityError.NotFound, `no staff account ${request.staffId}`);
    await this.requireAdmin(manager, request);
    return account;
  }

  private async requireAdmin(manager: EntityManager, request: StaffAccountRequest): Promise<void> {
    if (request.caller.kind !== 'staff') throw new IdentityException(IdentityError.Forbidden, 'only staff administer accounts');
    const admin = await this.staff.findActiveById(manager, request.caller.id);
    if (!admin || !admin.roles.some((role) => (ACCOUNT_ADMIN_ROLES as readonly string[]).includes(role))) {
      throw new IdentityException(IdentityError.Forbidden, `only ${ACCOUNT_ADMIN_ROLES.join(', ')} may deactivate or reactivate accounts`);
    }
    if (request.caller.id === request.staffId) throw new IdentityException(IdentityError.Forbidden, 'nobody deactivates or reactivates their own account');
  }
}
