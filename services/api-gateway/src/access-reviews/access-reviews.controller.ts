import { Controller, Get, Param, Req } from '@nestjs/common';
import { GetAccessReviewRequest, IdentityQueries, violations, type StaffRole } from '@vigil/contracts';
import { StaffOnly } from '@vigil/platform-auth';
import { ProblemException } from '@vigil/platform-runtime';
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
  list(@Req() http: AuthenticatedRequest): Promise<unknown> {
    return this.rpc.call(IdentityQueries.listAccessReviews, callerOf(http), {});
  }

  @Get(':period')
  get(@Req() http: AuthenticatedRequest, @Param('period') period: string): Promise<unknown> {
    const errors = violations(GetAccessReviewRequest, { period });
    if (errors.length > 0) throw new ProblemException(400, 'https://vigil.dev/problems/invalid-request', 'invalid request', 'period must be YYYY-MM', { errors });
    return this.rpc.call(IdentityQueries.getAccessReview, callerOf(http), { period });
  }
}
