import { Controller, Get, Query, Req } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { AUDITED_SERVICES, auditQueries, ListAuditRequest, type StaffRole } from '@vigil/contracts';
import { StaffOnly } from '@vigil/platform-auth';
import { ApiQuery, ApiResponse } from '../http/api-docs.decorators';
import { PathParam } from '../http/path-param.decorator';
import { AuditEntries, AuditVerificationView } from '../openapi/identity-views';
import { typedQuery, validRequest } from '../http/typed-query';
import { RpcClient } from '../rpc-client';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { callerOf } from '../http/caller';

/** Who may read the audit log and check its integrity (ACC-1). */
const AUDIT_READERS: readonly StaffRole[] = ['SECURITY_OFFICER', 'HEAD_OF_MANAGED_SERVICES', 'SUPPORT_TEAM_LEAD', 'CTO', 'CEO'];

const AuditedService = Type.Union(AUDITED_SERVICES.map((service) => Type.Literal(service)));
const ServiceParam = () => PathParam('service', AuditedService, { status: 404, detail: `no such audit log; audited: ${AUDITED_SERVICES.join(', ')}` });

@Controller('v1/audit')
@StaffOnly(AUDIT_READERS)
export class AuditController {
  constructor(private readonly rpc: RpcClient) {}

  /** Newest first; filter by actor, action, target and time. */
  @Get(':service')
  @ApiQuery(ListAuditRequest)
  @ApiResponse('Entries, newest first', AuditEntries)
  async list(@Req() http: AuthenticatedRequest, @ServiceParam() service: string, @Query() query: Record<string, string>): Promise<unknown> {
    const subject = auditQueries(service).list;
    return this.rpc.call(subject, callerOf(http), validRequest(ListAuditRequest, typedQuery(query)));
  }

  /** Recomputes the hash chain and compares its head with the witness published outside the database. */
  @Get(':service/verification')
  @ApiResponse('Whether the chain is intact up to the witnessed head', AuditVerificationView)
  verify(@Req() http: AuthenticatedRequest, @ServiceParam() service: string): Promise<unknown> {
    return this.rpc.call(auditQueries(service).verify, callerOf(http), {});
  }
}
