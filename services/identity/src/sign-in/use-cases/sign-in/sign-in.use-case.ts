import { Clock } from '@vigil/platform-clock';
import { IdentityError, type SessionTokens, type SignInRequest } from '@vigil/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '@vigil/platform-audit';
import { IdentityException } from '../../../identity.exception';
import { IDENTITY_CONFIG, type IdentityConfig } from '../../../config';
import { hashPassword, verifyPassword } from '../../../staff/password-hashing';
import { StaffUserRepository } from '../../../staff/staff-user.repository';
import { DEFAULT_PASSWORD_POLICY, passwordExpired } from '../../../passwords/password-policy';
import { SecretBox } from '@vigil/platform-auth';
import { verifyTotp } from '../../../totp/totp';
import { afterFailedSignIn, lockoutPolicy } from '../../lockout';
import { SessionRepository } from '../../session.repository';
import { TokenIssuer } from '../../token-issuer';

type Outcome = { tokens: SessionTokens } | { error: IdentityException };

const refused = () => new IdentityException(IdentityError.Unauthenticated, 'unknown email, wrong password or wrong code');

/**
 * Staff sign-in (ACC-3, ACC-4): password and TOTP code, in one transaction
 * holding the account's row, so a code is accepted at most once and failures
 * are counted exactly. Failures slow the account down, then lock it. Unknown
 * accounts cost the same password check as known ones.
 */
@Injectable()
export class SignInUseCase {
  private readonly decoyHash = hashPassword('decoy password that matches no account');
  private readonly secretBox: SecretBox;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly staff: StaffUserRepository,
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenIssuer,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.secretBox = new SecretBox(config.IDENTITY_SECRET_BOX_KEY);
  }

  async execute(request: SignInRequest): Promise<SessionTokens> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      const now = this.clock.now();
      const user = await this.staff.lockForSignIn(manager, request.email);
      if (user?.blockedUntil && user.blockedUntil > now) {
        const seconds = Math.ceil((user.blockedUntil.getTime() - now.getTime()) / 1000);
        return { error: new IdentityException(IdentityError.RateLimited, `too many failed sign-ins; try again in ${seconds} s`) };
      }
      const passwordOk = await verifyPassword(user?.passwordHash ?? (await this.decoyHash), request.password);
      if (!user) return { error: refused() };
      const step = passwordOk && user.totpSecretSealed ? verifyTotp(this.secretBox.open(user.totpSecretSealed), request.totpCode, now, user.totpLastStep) : null;
      if (step === null) {
        const failure = afterFailedSignIn(user.failedSignIns, now, lockoutPolicy(this.config));
        await this.staff.recordFailedSignIn(manager, user.id, failure.failedAttempts, failure.blockedUntil);
        await this.audit.append(manager, {
          actor: `staff:${user.id}`,
          action: failure.locked ? 'staff.locked-out' : 'staff.sign-in-failed',
          target: `staff:${user.id}`,
          after: { failedSignIns: failure.failedAttempts, blockedUntil: failure.blockedUntil.toISOString() },
        });
        return { error: refused() };
      }
      await this.staff.recordSignIn(manager, user.id, step, now);
      const refresh = this.tokens.refreshToken(now);
      const sessionId = await this.sessions.create(manager, { kind: 'staff', id: user.id }, refresh.hash, refresh.expiresAt, this.tokens.sessionDeadline(now));
      await this.audit.append(manager, { actor: `staff:${user.id}`, action: 'staff.signed-in', target: `session:${sessionId}` });
      const policy = { ...DEFAULT_PASSWORD_POLICY, maxAgeDays: this.config.PASSWORD_MAX_AGE_DAYS };
      const mustChangePassword = passwordExpired(user.passwordChangedAt, now, policy);
      const access = this.tokens.accessToken({ id: user.id, kind: 'staff', roles: user.roles, email: user.email }, sessionId, now, mustChangePassword);
      return { tokens: this.tokens.sessionTokens(access, refresh, mustChangePassword) };
    });
    // Failures are committed before they are reported.
    if ('error' in outcome) throw outcome.error;
    return outcome.tokens;
  }
}
