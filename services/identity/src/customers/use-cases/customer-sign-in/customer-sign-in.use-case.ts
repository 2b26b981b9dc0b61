import { Clock } from '@vigil/platform-clock';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CUSTOMER_ROLE, type CustomerSignInRequest, type SessionTokens, IdentityError } from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { IdentityException } from '../../../identity.exception';
import { IDENTITY_CONFIG, type IdentityConfig } from '../../../config';
import { afterFailedSignIn, lockoutPolicy } from '../../../sign-in/lockout';
import { SessionRepository } from '../../../sign-in/session.repository';
import { TokenIssuer } from '../../../sign-in/token-issuer';
import { hashPassword, verifyPassword } from '../../../staff/password-hashing';
import { CustomerUserRepository } from '../../customer-user.repository';

type Outcome = { tokens: SessionTokens } | { error: IdentityException };

/**
 * Customer users sign in with email and password; their tokens carry their
 * customer, which bounds everything they can see (ACC-6). Same slow-down and
 * lockout as staff; TOTP is a staff duty (ACC-4).
 */
@Injectable()
export class CustomerSignInUseCase {
  private readonly decoyHash = hashPassword('decoy password that matches no account');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly customers: CustomerUserRepository,
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenIssuer,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute(request: CustomerSignInRequest): Promise<SessionTokens> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      const now = this.clock.now();
      const user = await this.customers.lockForSignIn(manager, request.email);
      if (user?.blockedUntil && user.blockedUntil > now) {
        return { error: new IdentityException(IdentityError.RateLimited, `too many failed sign-ins; try again in ${Math.ceil((user.blockedUntil.getTime() - now.getTime()) / 1000)} s`) };
      }
      const passwordOk = await verifyPassword(user?.passwordHash ?? (await this.decoyHash), request.password);
      if (!user) return { error: new IdentityException(IdentityError.Unauthenticated, 'unknown email or wrong password') };
      if (!passwordOk) {
        const failure = afterFailedSignIn(user.failedSignIns, now, lockoutPolicy(this.config));
        await this.customers.recordFailedSignIn(manager, user.id, failure.failedAttempts, failure.blockedUntil);
        await this.audit.append(manager, {
          actor: `customer:${user.id}`,
          action: failure.locked ? 'customer.locked-out' : 'customer.sign-in-failed',
          target: `customer:${user.id}`,
          after: { failedSignIns: failure.failedAttempts },
        });
        return { error: new IdentityException(IdentityError.Unauthenticated, 'unknown email or wrong password') };
      }
      await this.customers.recordSignIn(manager, user.id, now);
      const refresh = this.tokens.refreshToken(now);
      const sessionId = await this.sessions.create(manager, { kind: 'customer', id: user.id }, refresh.hash, refresh.expiresAt, this.tokens.sessionDeadline(now));
      await this.audit.append(manager, { actor: `customer:${user.id}`, action: 'customer.signed-in', target: `session:${sessionId}` });
      const access = this.tokens.accessToken({ id: user.id, kind: 'customer', roles: [CUSTOMER_ROLE], customerId: user.customerId, email: user.email }, sessionId, now);
      return { tokens: this.tokens.sessionTokens(access, refresh, false) };
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.tokens;
  }
}
