import { Controller, Get, Param } from '@nestjs/common';
import { GetAccessReviewRequest, IdentityQueries, violations, type StaffRole } from '@vigil/contracts';
import { StaffOnly } from '@vigil/platform-auth';
import { ProblemException } from '@vigil/platform-runtime';
import { RpcClient } from '../rpc-client';

const REVIEWERS: readonly StaffRole[] = ['SUPPORT_TEAM_LEAD', 'HEAD_OF_MANAGED_SERVICES', 'SECURITY_OFFICER', 'CTO', 'CEO'];

/** ACC-5: past monthly access reviews. */
@Controller('v1/access-reviews')
@StaffOnly(REVIEWERS)
export class AccessReviewsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  list(): Promise<unknown> {
    return this.rpc.call(IdentityQueries.listAccessReviews, {});
  }

  @Get(':period')
  get(@Param('period') period: string): Promise<unknown> {
    const errors = violations(GetAccessReviewRequest, { period });
    if (errors.length > 0) throw new ProblemException(400, 'https://vigil.dev/problems/invalid-request', 'invalid request', 'period must be YYYY-MM', { errors });
    return this.rpc.call(IdentityQueries.getAccessReview, { period });
  }
}
