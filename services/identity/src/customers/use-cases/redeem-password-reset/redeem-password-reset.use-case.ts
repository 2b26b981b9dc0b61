import { Inject, Injectable } from '@nestjs/common';
import { IdentityError, type CustomerPasswordResetRedemption } from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { Clock } from '@vigil/platform-clock';
import { UnitOfWork } from '@vigil/platform-runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../../../config';
import { IdentityException } from '../../../identity.exception';
import { COMMON_PASSWORDS } from '../../../passwords/common-passwords';
import { DEFAULT_PASSWORD_POLICY, passwordProblems, type PasswordPolicy } from '../../../passwords/password-policy';
import { SessionRepository } from '../../../sign-in/session.repository';
import { SessionRevocations } from '../../../sign-in/session-revocations';
import { PasswordHasher } from '../../../staff/password-hasher';
import { CustomerUserRepository } from '../../customer-user.repository';
import { hashPasswordResetToken } from '../../password-reset-token';

/**
 * A customer user sets its password with the token of its invitation or of a
 * reset: once, before the token expires. The password follows the same
 * composition rules as staff passwords. A password the policy refuses leaves
 * the token usable (nothing is written).
 */
@Injectable()
export class RedeemPasswordResetUseCase {
  private readonly policy: PasswordPolicy;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly users: CustomerUserRepository,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionRepository,
    private readonly revocations: SessionRevocations,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(IDENTITY_CONFIG) config: IdentityConfig,
  ) {
    this.policy = { ...DEFAULT_PASSWORD_POLICY, minLength: config.PASSWORD_MIN_LENGTH };
  }

  async execute(request: CustomerPasswordResetRedemption): Promise<{ passwordChangedAt: string }> {
    const problems = passwordProblems(request.newPassword, this.policy, COMMON_PASSWORDS);
    if (problems.length > 0) throw new IdentityException(IdentityError.InvalidRequest, `the new password is not acceptable: ${problems.join(', ')}`);
    const passwordHash = await this.passwords.hash(request.newPassword);
    return this.unitOfWork.run(async (manager) => {
      const now = this.clock.now();
      const user = await this.users.lockByResetHash(manager, hashPasswordResetToken(request.resetToken), now);
      if (!user) throw new IdentityException(IdentityError.Unauthenticated, 'the reset token is unknown, used or expired');
      await this.users.setPasswordFromReset(manager, user.id, passwordHash);
      const ended = await this.sessions.revokeAllOf(manager, { kind: 'customer', id: user.id }, now);
      await this.revocations.announce(manager, ended, now);
      await this.audit.append(manager, { actor: `customer:${user.id}`, action: 'customer-user.password-set', target: `customer-user:${user.id}`, after: { customerId: user.customerId, sessionsEnded: ended.length } });
      return { passwordChangedAt: now.toISOString() };
    });
  }
}
