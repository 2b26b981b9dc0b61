import { Controller, Get, HttpCode, Post, Put, Req } from '@nestjs/common';
import type { Static } from '@sinclair/typebox';
import { ACCOUNT_ADMIN_ROLES, IdentityQueries, StaffAccountStatus, StaffEnrolment, StaffInvitation, StaffList, StaffRolesChange, StaffRolesChanged } from '@vigil/contracts';
import { StaffOnly } from '@vigil/platform-auth';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { ApiRefusals, ApiResponse } from '../http/api-docs.decorators';
import { callerOf } from '../http/caller';
import { UuidParam } from '../http/path-param.decorator';
import { ValidBody } from '../http/valid-body.decorator';
import { RpcClient } from '../rpc-client';

/**
 * Staff account administration (issues 12 and 13): invitation (a one-time
 * password and the TOTP secret, shown once), the list, role changes (a removed
 * role ends the account's sessions at once) and deactivation (every session
 * ends, sign-ins are refused) / reactivation. Head of managed services, CTO
 * and CEO only; nobody changes their own roles or deactivates themselves.
 */
@Controller('v1/staff')
@StaffOnly(ACCOUNT_ADMIN_ROLES)
export class StaffAccountsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(201)
  @ApiResponse('The invited account, its one-time password (the first sign-in must change it) and its TOTP secret, shown this once', StaffEnrolment)
  @ApiRefusals({ 409: 'A staff account with this email exists' })
  invite(@Req() http: AuthenticatedRequest, @ValidBody(StaffInvitation) invitation: StaffInvitation): Promise<StaffEnrolment> {
    return this.rpc.call(IdentityQueries.inviteStaff, callerOf(http), invitation);
  }

  @Get()
  @ApiResponse('Every staff account, active or not, by email; no secrets', StaffList)
  list(@Req() http: AuthenticatedRequest): Promise<StaffList> {
    return this.rpc.call(IdentityQueries.listStaff, callerOf(http), {});
  }

  @Put(':staffId/roles')
  @ApiResponse('The roles the account has now; a removed role ended its sessions', StaffRolesChanged)
  @ApiRefusals({ 403: 'Your own roles: nobody grants themselves a role' })
  changeRoles(@Req() http: AuthenticatedRequest, @UuidParam('staffId') staffId: string, @ValidBody(StaffRolesChange) change: Static<typeof StaffRolesChange>): Promise<StaffRolesChanged> {
    return this.rpc.call(IdentityQueries.changeStaffRoles, callerOf(http), { staffId, roles: change.roles });
  }

  @Post(':staffId/deactivation')
  @HttpCode(200)
  @ApiResponse('The account is deactivated (repeating it changes nothing)', StaffAccountStatus)
  deactivate(@Req() http: AuthenticatedRequest, @UuidParam('staffId') staffId: string): Promise<StaffAccountStatus> {
    return this.rpc.call(IdentityQueries.deactivateStaff, callerOf(http), { staffId });
  }

  @Post(':staffId/reactivation')
  @HttpCode(200)
  @ApiResponse('The account is active (repeating it changes nothing)', StaffAccountStatus)
  reactivate(@Req() http: AuthenticatedRequest, @UuidParam('staffId') staffId: string): Promise<StaffAccountStatus> {
    return this.rpc.call(IdentityQueries.reactivateStaff, callerOf(http), { staffId });
  }
}
