import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { actorOf, IdentityError, type ChangeStaffRolesRequest, type InviteStaffRequest, type StaffEnrolment, type StaffList, type StaffRolesChanged, type StaffRole, type Caller } from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { SecretBox } from '@vigil/platform-auth';
import { Clock } from '@vigil/platform-clock';
import { UnitOfWork } from '@vigil/platform-runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../../config';
import { IdentityException } from '../../identity.exception';
import { PasswordHistoryRepository } from '../../passwords/password-history.repository';
import { SessionRepository } from '../../sign-in/session.repository';
import { SessionRevocations } from '../../sign-in/session-revocations';
import { base32Encode, generateTotpSecret, otpauthUri } from '../../totp/totp';
import { PasswordHasher } from '../password-hasher';
import { StaffUserRepository } from '../staff-user.repository';

/**
 * Issue 13: account admins (the gateway admits only ACCOUNT_ADMIN_ROLES) invite
 * staff and change their roles. An invitation answers a one-time password and
 * the TOTP secret once; the first sign-in proves both and must change the
 * password (decision 0022). Nobody changes their own roles. A removed role
 * ends every session of the account at once, so a live access token never
 * carries a role its account lost (which is why the roles the gateway checked
 * can be trusted here); added roles arrive with the next refresh.
 */
@Injectable()
export class StaffAdministrationUseCase {
  private readonly secretBox: SecretBox;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly staff: StaffUserRepository,
    private readonly passwords: PasswordHasher,
    private readonly history: PasswordHistoryRepository,
    private readonly sessions: SessionRepository,
    private readonly revocations: SessionRevocations,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {
    this.secretBox = new SecretBox(config.IDENTITY_SECRET_BOX_KEY);
  }

  async invite(request: InviteStaffRequest): Promise<StaffEnrolment> {
    requireStaff(request.caller);
    const staffId = randomUUID();
    // Meets ACC-3 by construction; 120 random bits.
    const oneTimePassword = `${randomBytes(15).toString('base64url')}-Aa1`;
    const totpSecret = generateTotpSecret();
    const passwordHash = await this.passwords.hash(oneTimePassword);
    const roles = [...new Set(request.roles)];
    return this.unitOfWork.run(async (manager) => {
      const now = this.clock.now();
      const expiresAt = new Date(now.getTime() + this.config.INVITATION_VALID_HOURS * 3_600_000);
      const created = await this.staff.insertInvited(manager, {
        id: staffId,
        email: request.email,
        displayName: request.displayName,
        passwordHash,
        roles,
        totpSecretSealed: this.secretBox.seal(totpSecret),
        invitationExpiresAt: expiresAt,
      });
      if (!created) throw new IdentityException(IdentityError.Conflict, 'a staff account with this email exists already');
      await this.history.add(manager, staffId, passwordHash);
      await this.audit.append(manager, {
        actor: actorOf(request.caller),
        action: 'staff.invited',
        target: `staff:${staffId}`,
        after: { email: request.email, displayName: request.displayName, roles, invitationExpiresAt: expiresAt.toISOString() },
      });
      return { staffId, email: request.email, roles, oneTimePassword, totpSecret: base32Encode(totpSecret), otpauthUri: otpauthUri('Vigil', request.email, totpSecret), expiresAt: expiresAt.toISOString() } as StaffEnrolment;
    });
  }

  list(request: { caller: Caller }): Promise<StaffList> {
    requireStaff(request.caller);
    return this.unitOfWork.run(async (manager) => ({
      staff: (await this.staff.list(manager)).map((member) => ({
        staffId: member.id,
        email: member.email,
        displayName: member.displayName,
        roles: member.roles as StaffRole[],
        active: member.disabledAt === null,
        invitationExpiresAt: member.invitationExpiresAt?.toISOString() ?? null,
        lastSignInAt: member.lastSignInAt?.toISOString() ?? null,
        createdAt: member.createdAt.toISOString(),
      })),
    }));
  }

  changeRoles(request: ChangeStaffRolesRequest): Promise<StaffRolesChanged> {
    requireStaff(request.caller);
    return this.unitOfWork.run(async (manager) => {
      const account = await this.staff.lockRoles(manager, request.staffId);
      if (!account) throw new IdentityException(IdentityError.NotFound, `no staff account ${request.staffId}`);
      if (request.caller.id === request.staffId) throw new IdentityException(IdentityError.Forbidden, 'nobody grants themselves a role or changes their own roles');
      const roles = [...new Set(request.roles)];
      const removed = account.roles.filter((role) => !roles.includes(role as StaffRole));
      const added = roles.filter((role) => !account.roles.includes(role));
      if (removed.length === 0 && added.length === 0) return { staffId: request.staffId, roles, sessionsEnded: 0 };
      const now = this.clock.now();
      await this.staff.setRoles(manager, request.staffId, roles);
      const ended = removed.length > 0 ? await this.sessions.revokeAllOf(manager, { kind: 'staff', id: request.staffId }, now) : [];
      await this.revocations.announce(manager, ended, now);
      await this.audit.append(manager, {
        actor: actorOf(request.caller),
        action: 'staff.roles-changed',
        target: `staff:${request.staffId}`,
        before: { roles: account.roles },
        after: { roles, added, removed, sessionsEnded: ended.length },
      });
      return { staffId: request.staffId, roles, sessionsEnded: ended.length };
    });
  }
}

function requireStaff(caller: Caller): void {
  if (caller.kind !== 'staff') throw new IdentityException(IdentityError.Forbidden, 'only staff administer staff accounts');
}
