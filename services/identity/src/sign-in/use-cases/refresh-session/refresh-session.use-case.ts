import { Clock } from '@vigil/platform-clock';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CUSTOMER_ROLE, IdentityError, type RefreshRequest, type SessionTokens } from '@vigil/contracts';
import { IdentityException } from '../../../identity.exception';
import { IDENTITY_CONFIG, type IdentityConfig } from '../../../config';
import { DEFAULT_PASSWORD_POLICY, passwordExpired } from '../../../passwords/password-policy';
import { StaffUserRepository } from '../../../staff/staff-user.repository';
import { CustomerUserRepository } from '../../../customers/customer-user.repository';
import { SessionRepository } from '../../session.repository';
import { hashRefreshToken, TokenIssuer } from '../../token-issuer';

/** Trades a live refresh token for new tokens; the refresh token rotates, roles are read afresh. */
@Injectable()
export class RefreshSessionUseCase {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly staff: StaffUserRepository,
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenIssuer,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly customers: CustomerUserRepository,
    private readonly clock: Clock,
  ) {}

  async execute(request: RefreshRequest): Promise<SessionTokens> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const refresh = this.tokens.refreshToken(now);
      const session = await this.sessions.rotate(manager, hashRefreshToken(request.refreshToken), refresh.hash, refresh.expiresAt, now);
      const ended = () => new IdentityException(IdentityError.Unauthenticated, 'the session has ended; sign in again');
      if (!session) throw ended();
      let access: { token: string; expiresAt: Date };
      let mustChangePassword = false;
      if (session.account.kind === 'staff') {
        const user = await this.staff.findActiveById(manager, session.account.id);
        if (!user) throw ended();
        mustChangePassword = passwordExpired(user.passwordChangedAt, now, { ...DEFAULT_PASSWORD_POLICY, maxAgeDays: this.config.PASSWORD_MAX_AGE_DAYS });
        access = this.tokens.accessToken({ id: user.id, kind: 'staff', roles: user.roles, email: user.email }, session.id, now, mustChangePassword);
      } else {
        const user = await this.customers.findActiveById(manager, session.account.id);
        if (!user) throw ended();
        access = this.tokens.accessToken({ id: user.id, kind: 'customer', roles: [CUSTOMER_ROLE], customerId: user.customerId, email: user.email }, session.id, now);
      }
      return this.tokens.sessionTokens(access, refresh, mustChangePassword);
    });
  }
}
