import { Clock } from '@vigil/platform-clock';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLog } from '@vigil/platform-audit';
import { UnitOfWork } from '@vigil/platform-runtime';
import { SessionRevocations } from '../../session-revocations';
import { CUSTOMER_ROLE, IdentityError, type RefreshRequest, type SessionTokens } from '@vigil/contracts';
import { IdentityException } from '../../../identity.exception';
import { IDENTITY_CONFIG, type IdentityConfig } from '../../../config';
import { DEFAULT_PASSWORD_POLICY, passwordExpired } from '../../../passwords/password-policy';
import { StaffUserRepository } from '../../../staff/staff-user.repository';
import { CustomerUserRepository } from '../../../customers/customer-user.repository';
import { SessionRepository } from '../../session.repository';
import { hashRefreshToken, TokenIssuer } from '../../token-issuer';

type Outcome = { tokens: SessionTokens } | { error: IdentityException };

/**
 * Trades a live refresh token for new tokens; the refresh token rotates, roles
 * are read afresh, and the session never outlives its absolute end. A refresh
 * token that was already traded in (a copy someone kept) ends the whole
 * session, for whoever holds it now too.
 */
@Injectable()
export class RefreshSessionUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly staff: StaffUserRepository,
    private readonly sessions: SessionRepository,
    private readonly revocations: SessionRevocations,
    private readonly tokens: TokenIssuer,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly customers: CustomerUserRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute(request: RefreshRequest): Promise<SessionTokens> {
    // The outcome is returned, not thrown, so that ending a reused token's session commits.
    const outcome = await this.unitOfWork.run(async (manager): Promise<Outcome> => {
      const now = this.clock.now();
      const presented = hashRefreshToken(request.refreshToken);
      const refresh = this.tokens.refreshToken(now);
      const ended = { error: new IdentityException(IdentityError.Unauthenticated, 'the session has ended; sign in again') };
      const session = await this.sessions.rotate(manager, presented, refresh.hash, refresh.expiresAt, now);
      if (!session) {
        await this.endSessionOfReusedToken(manager, presented, now);
        return ended;
      }
      let access: { token: string; expiresAt: Date };
      let mustChangePassword = false;
      if (session.account.kind === 'staff') {
        const user = await this.staff.findActiveById(manager, session.account.id);
        if (!user) return ended;
        mustChangePassword = passwordExpired(user.passwordChangedAt, now, { ...DEFAULT_PASSWORD_POLICY, maxAgeDays: this.config.PASSWORD_MAX_AGE_DAYS });
        access = await this.tokens.accessToken({ id: user.id, kind: 'staff', roles: user.roles, email: user.email }, session.id, now, mustChangePassword);
      } else {
        const user = await this.customers.findActiveById(manager, session.account.id);
        if (!user) return ended;
        access = await this.tokens.accessToken({ id: user.id, kind: 'customer', roles: [CUSTOMER_ROLE], customerId: user.customerId, customerAdmin: user.admin, email: user.email }, session.id, now);
      }
      return { tokens: this.tokens.sessionTokens(access, refresh, mustChangePassword) };
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.tokens;
  }

  private async endSessionOfReusedToken(manager: EntityManager, tokenHash: string, now: Date): Promise<void> {
    const reused = await this.sessions.findByRetiredToken(manager, tokenHash);
    if (!reused) return; // an unknown or expired token: nothing to end
    const revoked = await this.sessions.revoke(manager, reused.sessionId, reused.account.id, now);
    if (!revoked) return; // ended already
    await this.revocations.announce(manager, [reused.sessionId], now);
    await this.audit.append(manager, {
      actor: `${reused.account.kind}:${reused.account.id}`,
      action: 'session.refresh-token-reused',
      target: `session:${reused.sessionId}`,
      after: { ended: true },
    });
  }
}
