import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  actorOf,
  IdentityError,
  type Caller,
  type CustomerUserInvited,
  type CustomerUserList,
  type CustomerUserPasswordReset,
  type CustomerUserRequest,
  type CustomerUserStatus,
  type InviteCustomerUserRequest,
  type ListCustomerUsersRequest,
} from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { Clock } from '@vigil/platform-clock';
import { UnitOfWork } from '@vigil/platform-runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../../../config';
import { IdentityException } from '../../../identity.exception';
import { SessionRepository } from '../../../sign-in/session.repository';
import { SessionRevocations } from '../../../sign-in/session-revocations';
import { PasswordHasher } from '../../../staff/password-hasher';
import { CustomerUserRepository } from '../../customer-user.repository';
import { newPasswordResetToken, unusablePassword } from '../../password-reset-token';

/**
 * Issue 13: a customer's users, administered by staff (the gateway admits only
 * CUSTOMER_USER_ADMIN_ROLES) and by that customer's own admin users. Another
 * customer's id answers 404 as if it did not exist (ACC-6); a customer user
 * who is not an admin gets 403. Whether a customer user is an admin is read
 * here, from identity's own records, not from the token. A new user or a reset
 * gets a set-password token shown once (decision 0022). identity cannot know
 * whether the customer exists (the customers service owns that); it keeps
 * users of any customer id staff name.
 */
@Injectable()
export class CustomerUserAdministrationUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly users: CustomerUserRepository,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionRepository,
    private readonly revocations: SessionRevocations,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async invite(request: InviteCustomerUserRequest): Promise<CustomerUserInvited> {
    const placeholder = await this.passwords.hash(unusablePassword());
    return this.unitOfWork.run(async (manager) => {
      await this.authorize(manager, request.caller, request.customerId);
      const now = this.clock.now();
      const reset = newPasswordResetToken(now, this.config.INVITATION_VALID_HOURS);
      const userId = randomUUID();
      const admin = request.admin ?? false;
      const created = await this.users.insertInvited(manager, {
        id: userId,
        customerId: request.customerId,
        email: request.email,
        displayName: request.displayName,
        admin,
        passwordHash: placeholder,
        resetHash: reset.hash,
        resetExpiresAt: reset.expiresAt,
      });
      if (!created) throw new IdentityException(IdentityError.Conflict, 'this email cannot be used for a new customer user');
      await this.audit.append(manager, {
        actor: actorOf(request.caller),
        action: 'customer-user.invited',
        target: `customer-user:${userId}`,
        after: { customerId: request.customerId, email: request.email, displayName: request.displayName, admin, passwordResetExpiresAt: reset.expiresAt.toISOString() },
      });
      return { userId, customerId: request.customerId, email: request.email, admin, passwordResetToken: reset.token, expiresAt: reset.expiresAt.toISOString(), sessionsEnded: 0 };
    });
  }

  list(request: ListCustomerUsersRequest): Promise<CustomerUserList> {
    return this.unitOfWork.run(async (manager) => {
      await this.authorize(manager, request.caller, request.customerId);
      const users = await this.users.listOf(manager, request.customerId);
      return {
        users: users.map((user) => ({
          userId: user.id,
          customerId: user.customerId,
          email: user.email,
          displayName: user.displayName,
          admin: user.admin,
          active: user.disabledAt === null,
          lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
          createdAt: user.createdAt.toISOString(),
        })),
      };
    });
  }

  /** Ends every session of the user at once and refuses its sign-ins; repeating it changes nothing. */
  deactivate(request: CustomerUserRequest): Promise<CustomerUserStatus> {
    return this.unitOfWork.run(async (manager) => {
      const user = await this.lockTarget(manager, request);
      if (request.caller.id === request.userId) throw new IdentityException(IdentityError.Forbidden, 'nobody deactivates their own account');
      if (user.disabledAt) return { userId: request.userId, customerId: request.customerId, active: false, deactivatedAt: user.disabledAt.toISOString(), sessionsEnded: 0 };
      const now = this.clock.now();
      await this.users.setDeactivated(manager, request.customerId, request.userId, now);
      const ended = await this.sessions.revokeAllOf(manager, { kind: 'customer', id: request.userId }, now);
      await this.revocations.announce(manager, ended, now);
      await this.audit.append(manager, {
        actor: actorOf(request.caller),
        action: 'customer-user.deactivated',
        target: `customer-user:${request.userId}`,
        before: { active: true },
        after: { customerId: request.customerId, active: false, sessionsEnded: ended.length },
      });
      return { userId: request.userId, customerId: request.customerId, active: false, deactivatedAt: now.toISOString(), sessionsEnded: ended.length };
    });
  }

  /** The old password stops working and every session ends at once; the new token sets a password, once. */
  async resetPassword(request: CustomerUserRequest): Promise<CustomerUserPasswordReset> {
    const placeholder = await this.passwords.hash(unusablePassword());
    return this.unitOfWork.run(async (manager) => {
      const user = await this.lockTarget(manager, request);
      if (user.disabledAt) throw new IdentityException(IdentityError.NotFound, `no active user ${request.userId} of customer ${request.customerId}`);
      const now = this.clock.now();
      const reset = newPasswordResetToken(now, this.config.INVITATION_VALID_HOURS);
      await this.users.startPasswordReset(manager, request.customerId, request.userId, placeholder, reset.hash, reset.expiresAt);
      const ended = await this.sessions.revokeAllOf(manager, { kind: 'customer', id: request.userId }, now);
      await this.revocations.announce(manager, ended, now);
      await this.audit.append(manager, {
        actor: actorOf(request.caller),
        action: 'customer-user.password-reset',
        target: `customer-user:${request.userId}`,
        after: { customerId: request.customerId, passwordResetExpiresAt: reset.expiresAt.toISOString(), sessionsEnded: ended.length },
      });
      return { userId: request.userId, customerId: request.customerId, passwordResetToken: reset.token, expiresAt: reset.expiresAt.toISOString(), sessionsEnded: ended.length };
    });
  }

  private async lockTarget(manager: EntityManager, request: CustomerUserRequest): Promise<{ disabledAt: Date | null }> {
    await this.authorize(manager, request.caller, request.customerId);
    const user = await this.users.lockOfCustomer(manager, request.customerId, request.userId);
    if (!user) throw new IdentityException(IdentityError.NotFound, `no user ${request.userId} of customer ${request.customerId}`);
    return user;
  }

  /** Staff passed the gateway's role check; a customer user must be an active admin of this very customer. */
  private async authorize(manager: EntityManager, caller: Caller, customerId: string): Promise<void> {
    if (caller.kind === 'staff') return;
    // Someone else's customer does not exist as far as this caller can tell (ACC-6).
    if (caller.kind !== 'customer' || caller.customerId !== customerId) throw new IdentityException(IdentityError.NotFound, `no customer ${customerId}`);
    const self = await this.users.findActiveById(manager, caller.id);
    if (!self || self.customerId !== customerId || !self.admin) throw new IdentityException(IdentityError.Forbidden, "only your customer's admin users administer its users");
  }
}
