import { Controller, Get, Req } from '@nestjs/common';
import { GetAccessReviewRequest, IdentityQueries, type StaffRole } from '@vigil/contracts';
import { StaffOnly } from '@vigil/platform-auth';
import { ApiResponse } from '../http/api-docs.decorators';
import { PathParam } from '../http/path-param.decorator';
import { AccessReviewList, AccessReviewReport } from '../openapi/identity-views';
import { RpcClient } from '../rpc-client';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { callerOf } from '../http/caller';

const REVIEWERS: readonly StaffRole[] = ['SUPPORT_TEAM_LEAD', 'HEAD_OF_MANAGED_SERVICES', 'SECURITY_OFFICER', 'CTO', 'CEO'];

/** ACC-5: past monthly access reviews. */
@Controller('v1/access-reviews')
@StaffOnly(REVIEWERS)
export class AccessReviewsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiResponse('The reviews held, newest first', AccessReviewList)
  list(@Req() http: AuthenticatedRequest): Promise<unknown> {
    return this.rpc.call(IdentityQueries.listAccessReviews, callerOf(http), {});
  }

  @Get(':period')
  @ApiResponse("The month's report: every account and key with what needs attention", AccessReviewReport)
  get(@Req() http: AuthenticatedRequest, @PathParam('period', GetAccessReviewRequest.properties.period, { detail: 'period must be YYYY-MM' }) period: string): Promise<unknown> {
    return this.rpc.call(IdentityQueries.getAccessReview, callerOf(http), { period });
  }
}
