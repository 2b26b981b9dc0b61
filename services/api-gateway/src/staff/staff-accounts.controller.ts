import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ACCOUNT_ADMIN_ROLES, IdentityQueries, StaffAccountStatus } from '@vigil/contracts';
import { StaffOnly } from '@vigil/platform-auth';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { ApiResponse } from '../http/api-docs.decorators';
import { callerOf } from '../http/caller';
import { UuidParam } from '../http/path-param.decorator';
import { RpcClient } from '../rpc-client';

/**
 * Staff account deactivation (issue 12): every session of the account ends at
 * once and its sign-ins are refused; reactivation lets it sign in again.
 * Head of managed services, CTO and CEO only, never on their own account.
 */
@Controller('v1/staff')
@StaffOnly(ACCOUNT_ADMIN_ROLES)
export class StaffAccountsController {
  constructor(private readonly rpc: RpcClient) {}

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
