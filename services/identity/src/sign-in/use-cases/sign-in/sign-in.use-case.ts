import { Clock } from '@vigil/platform-clock';
import { IdentityError, type SessionTokens, type SignInCommand } from '@vigil/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '@vigil/platform-audit';
import { IdentityException } from '../../../identity.exception';
import { IDENTITY_CONFIG, type IdentityConfig } from '../../../config';
import { PasswordHasher } from '../../../staff/password-hasher';
import { StaffUserRepository } from '../../../staff/staff-user.repository';
import { DEFAULT_PASSWORD_POLICY, passwordExpired } from '../../../passwords/password-policy';
import { SecretBox } from '@vigil/platform-auth';
import { verifyTotp } from '../../../totp/totp';
import { SignInAttempts } from '../../sign-in-attempts';
import { SessionRepository } from '../../session.repository';
import { TokenIssuer } from '../../token-issuer';

type Outcome = { tokens: SessionTokens } | { error: IdentityException };

/** The one answer to every failed sign-in: unknown, deactivated, locked, wrong password or wrong code look the same. */
export const signInRefused = () => new IdentityException(IdentityError.Unauthenticated, 'unknown email, wrong password or wrong code');

/**
 * Staff sign-in (ACC-3, ACC-4): password and TOTP code, in one transaction
 * holding the account's row, so a code is accepted at most once and failures
 * are counted exactly. Failures slow down, then lock out, the address they
 * come from (lockout.ts). No account enumeration (issue 12): every failure
 * gets the same answer after the same work, one argon2id verification, also
 * for an unknown, deactivated or locked-out account; a blocked attempt is
 * refused even with the right password and is not counted.
 */
@Injectable()
export class SignInUseCase {
  private readonly secretBox: SecretBox;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly staff: StaffUserRepository,
    private readonly passwords: PasswordHasher,
    private readonly attempts: SignInAttempts,
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenIssuer,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.secretBox = new SecretBox(config.IDENTITY_SECRET_BOX_KEY);
  }

  async execute(request: SignInCommand): Promise<SessionTokens> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      const now = this.clock.now();
      const user = await this.staff.lockForSignIn(manager, request.email);
      const attempt = await this.attempts.begin(manager, 'staff', request.email, request.clientAddress, now);
      const passwordOk = await this.passwords.verify(user && !attempt.blocked ? user.passwordHash : null, request.password);
      if (attempt.blocked) return { error: signInRefused() };
      // An invitation nobody took up in time is refused like a wrong password (decision 0022).
      const invitationLapsed = user?.invitationExpiresAt != null && user.invitationExpiresAt <= now;
      const step = user && passwordOk && !invitationLapsed && user.totpSecretSealed ? verifyTotp(this.secretBox.open(user.totpSecretSealed), request.totpCode, now, user.totpLastStep) : null;
      if (!user || step === null) {
        const failure = await attempt.failed();
        if (user) {
          await this.audit.append(manager, {
            actor: `staff:${user.id}`,
            action: failure.locked ? 'staff.locked-out' : 'staff.sign-in-failed',
            target: `staff:${user.id}`,
            after: { failedSignIns: failure.failedAttempts, blockedUntil: failure.blockedUntil.toISOString(), clientAddress: request.clientAddress },
          });
        }
        return { error: signInRefused() };
      }
      await attempt.succeeded();
      await this.staff.recordSignIn(manager, user.id, step, now);
      if (this.passwords.needsRehash(user.passwordHash)) await this.staff.rehashPassword(manager, user.id, await this.passwords.hash(request.password));
      const refresh = this.tokens.refreshToken(now);
      const sessionId = await this.sessions.create(manager, { kind: 'staff', id: user.id }, refresh.hash, refresh.expiresAt, this.tokens.sessionDeadline(now));
      await this.audit.append(manager, { actor: `staff:${user.id}`, action: 'staff.signed-in', target: `session:${sessionId}` });
      const policy = { ...DEFAULT_PASSWORD_POLICY, maxAgeDays: this.config.PASSWORD_MAX_AGE_DAYS };
      const mustChangePassword = passwordExpired(user.passwordChangedAt, now, policy);
      const access = await this.tokens.accessToken({ id: user.id, kind: 'staff', roles: user.roles, email: user.email }, sessionId, now, mustChangePassword);
      return { tokens: this.tokens.sessionTokens(access, refresh, mustChangePassword) };
    });
    // Failures are committed before they are reported.
    if ('error' in outcome) throw outcome.error;
    return outcome.tokens;
  }
}
