import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthenticateStaffRequest, StaffPrincipal } from '@vigil/contracts';
import { RpcError } from '@vigil/platform-messaging';
import { hashPassword, verifyPassword } from '../../password-hashing';
import { StaffUserRepository } from '../../staff-user.repository';

/**
 * Checks a staff member's email and password. An unknown email costs the same
 * hash verification as a wrong password, so timing does not reveal accounts.
 * (TOTP, lockout and sessions arrive with the identity issue.)
 */
@Injectable()
export class AuthenticateStaffUseCase {
  private readonly decoyHash = hashPassword('decoy password that matches no account');

  constructor(@Inject(DataSource) private readonly dataSource: DataSource, private readonly staff: StaffUserRepository) {}

  async execute(request: AuthenticateStaffRequest): Promise<StaffPrincipal> {
    const user = await this.staff.findActiveByEmail(this.dataSource.manager, request.email);
    const valid = await verifyPassword(user?.passwordHash ?? (await this.decoyHash), request.password);
    if (!user || !valid) throw new RpcError('UNAUTHENTICATED', 'unknown email or wrong password');
    return { staffId: user.id, email: user.email, roles: user.roles };
  }
}
