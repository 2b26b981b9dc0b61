import { Clock } from '@vigil/platform-clock';
import { IdentityError, type ChangePasswordRequest } from '@vigil/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '@vigil/platform-runtime';
import { SessionRepository } from '../../../sign-in/session.repository';
import { SessionRevocations } from '../../../sign-in/session-revocations';
import { AuditLog } from '@vigil/platform-audit';
import { IdentityException } from '../../../identity.exception';
import { IDENTITY_CONFIG, type IdentityConfig } from '../../../config';
import { PasswordHasher } from '../../../staff/password-hasher';
import { StaffUserRepository } from '../../../staff/staff-user.repository';
import { COMMON_PASSWORDS } from '../../common-passwords';
import { PasswordHistoryRepository } from '../../password-history.repository';
import { DEFAULT_PASSWORD_POLICY, passwordProblems, type PasswordPolicy } from '../../password-policy';

/**
 * ACC-3: a staff member changes their password, proving the current one. The
 * new one must satisfy the policy, be more than a few edits away from the
 * current one and not share its letter skeleton, and not be any of the last
 * five (kept only as their own argon2id hashes, issue 12).
 */
@Injectable()
export class ChangePasswordUseCase {
  private readonly policy: PasswordPolicy;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly sessions: SessionRepository,
    private readonly revocations: SessionRevocations,
    @Inject(IDENTITY_CONFIG) config: IdentityConfig,
    private readonly staff: StaffUserRepository,
    private readonly passwords: PasswordHasher,
    private readonly history: PasswordHistoryRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.policy = { ...DEFAULT_PASSWORD_POLICY, minLength: config.PASSWORD_MIN_LENGTH, maxAgeDays: config.PASSWORD_MAX_AGE_DAYS, historySize: config.PASSWORD_HISTORY_SIZE };
  }

  async execute(request: ChangePasswordRequest): Promise<{ passwordChangedAt: string }> {
    return this.unitOfWork.run(async (manager) => {
      const user = await this.staff.lockById(manager, request.caller.id);
      if (!(await this.passwords.verify(user?.passwordHash ?? null, request.currentPassword)) || !user) {
        throw new IdentityException(IdentityError.Unauthenticated, 'the current password is wrong');
      }
      const problems: string[] = passwordProblems(request.newPassword, this.policy, COMMON_PASSWORDS, request.currentPassword);
      for (const previous of await this.history.recent(manager, user.id, this.policy.historySize)) {
        if (await this.passwords.verify(previous, request.newPassword)) {
          problems.push('RECENTLY_USED');
          break;
        }
      }
      if (problems.length > 0) throw new IdentityException(IdentityError.InvalidRequest, `the new password is not acceptable: ${problems.join(', ')}`);
      const changedAt = this.clock.now();
      const newHash = await this.passwords.hash(request.newPassword);
      await this.staff.setPassword(manager, user.id, newHash, changedAt);
      await this.history.add(manager, user.id, newHash);
      // Whoever else holds a session of this account (a stolen one included) is signed out.
      const others = (await this.sessions.revokeAllOf(manager, { kind: 'staff', id: user.id }, changedAt, request.sessionId));
      await this.revocations.announce(manager, others, changedAt);
      await this.audit.append(manager, { actor: `staff:${user.id}`, action: 'staff.password-changed', target: `staff:${user.id}`, after: { otherSessionsEnded: others.length } });
      return { passwordChangedAt: changedAt.toISOString() };
    });
  }
}
