import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { AUDITED_SERVICES, auditQueries, ListAuditRequest, type StaffRole } from '@vigil/contracts';
import { StaffOnly } from '@vigil/platform-auth';
import { ProblemException } from '@vigil/platform-runtime';
import { typedQuery, validRequest } from '../http/typed-query';
import { RpcClient } from '../rpc-client';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { callerOf } from '../http/caller';

/** Who may read the audit log and check its integrity (ACC-1). */
const AUDIT_READERS: readonly StaffRole[] = ['SECURITY_OFFICER', 'HEAD_OF_MANAGED_SERVICES', 'SUPPORT_TEAM_LEAD', 'CTO', 'CEO'];

function auditedService(service: string): string {
  if (!(AUDITED_SERVICES as readonly string[]).includes(service)) {
    throw new ProblemException(404, 'https://vigil.dev/problems/not-found', 'not found', `no audit log for "${service}"; audited: ${AUDITED_SERVICES.join(', ')}`);
  }
  return service;
}

@Controller('v1/audit')
@StaffOnly(AUDIT_READERS)
export class AuditController {
  constructor(private readonly rpc: RpcClient) {}

  /** Newest first; filter by actor, action, target and time. */
  @Get(':service')
  async list(@Req() http: AuthenticatedRequest, @Param('service') service: string, @Query() query: Record<string, string>): Promise<unknown> {
    const subject = auditQueries(auditedService(service)).list;
    return this.rpc.call(subject, callerOf(http), validRequest(ListAuditRequest, typedQuery(query)));
  }

  /** Recomputes the hash chain and compares its head with the witness published outside the database. */
  @Get(':service/verification')
  verify(@Req() http: AuthenticatedRequest, @Param('service') service: string): Promise<unknown> {
    return this.rpc.call(auditQueries(auditedService(service)).verify, callerOf(http), {});
  }
}
