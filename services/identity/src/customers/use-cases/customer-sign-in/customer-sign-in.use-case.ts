import { Clock } from '@vigil/platform-clock';
import { Injectable, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CUSTOMER_ROLE, type CustomerSignInCommand, type SessionTokens, IdentityError } from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { IdentityException } from '../../../identity.exception';
import { SignInAttempts } from '../../../sign-in/sign-in-attempts';
import { SessionRepository } from '../../../sign-in/session.repository';
import { TokenIssuer } from '../../../sign-in/token-issuer';
import { PasswordHasher } from '../../../staff/password-hasher';
import { CustomerUserRepository } from '../../customer-user.repository';

type Outcome = { tokens: SessionTokens } | { error: IdentityException };

const refused = () => new IdentityException(IdentityError.Unauthenticated, 'unknown email or wrong password');

/**
 * Customer users sign in with email and password; their tokens carry their
 * customer, which bounds everything they can see (ACC-6). Same per-address
 * slow-down and lockout and the same answer after the same work for every
 * failure as staff sign-in; TOTP is a staff duty (ACC-4).
 */
@Injectable()
export class CustomerSignInUseCase {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly customers: CustomerUserRepository,
    private readonly passwords: PasswordHasher,
    private readonly attempts: SignInAttempts,
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenIssuer,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute(request: CustomerSignInCommand): Promise<SessionTokens> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      const now = this.clock.now();
      const user = await this.customers.lockForSignIn(manager, request.email);
      const attempt = await this.attempts.begin(manager, 'customer', request.email, request.clientAddress, now);
      const passwordOk = await this.passwords.verify(user && !attempt.blocked ? user.passwordHash : null, request.password);
      if (attempt.blocked) return { error: refused() };
      if (!user || !passwordOk) {
        const failure = await attempt.failed();
        if (user) {
          await this.audit.append(manager, {
            actor: `customer:${user.id}`,
            action: failure.locked ? 'customer.locked-out' : 'customer.sign-in-failed',
            target: `customer:${user.id}`,
            after: { failedSignIns: failure.failedAttempts, clientAddress: request.clientAddress },
          });
        }
        return { error: refused() };
      }
      await attempt.succeeded();
      await this.customers.recordSignIn(manager, user.id, now);
      if (this.passwords.needsRehash(user.passwordHash)) await this.customers.rehashPassword(manager, user.id, await this.passwords.hash(request.password));
      const refresh = this.tokens.refreshToken(now);
      const sessionId = await this.sessions.create(manager, { kind: 'customer', id: user.id }, refresh.hash, refresh.expiresAt, this.tokens.sessionDeadline(now));
      await this.audit.append(manager, { actor: `customer:${user.id}`, action: 'customer.signed-in', target: `session:${sessionId}` });
      const access = await this.tokens.accessToken({ id: user.id, kind: 'customer', roles: [CUSTOMER_ROLE], customerId: user.customerId, customerAdmin: user.admin, email: user.email }, sessionId, now);
      return { tokens: this.tokens.sessionTokens(access, refresh, false) };
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.tokens;
  }
}
