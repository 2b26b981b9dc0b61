import { Controller, Delete, Get, HttpCode, Post, Put, Req } from '@nestjs/common';
import { Type, type Static } from '@sinclair/typebox';
import {
  IdentityQueries,
  INTEGRATION_SCOPES,
  IntegrationKind,
  IssuedSigningSecret,
  MonitoringQueries,
  RoutingRules,
  RoutingRulesView,
  SigningSecretRemoved,
  type StaffRole,
} from '@vigil/contracts';
import { StaffOnly } from '@vigil/platform-auth';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { ApiResponse } from '../http/api-docs.decorators';
import { UuidParam } from '../http/path-param.decorator';
import { ValidBody } from '../http/valid-body.decorator';
import { RpcClient } from '../rpc-client';
import { IntegrationKeyList, IntegrationKeyRevoked, IssuedIntegrationKey } from '../openapi/identity-views';
import { callerOf } from '../http/caller';

const KEY_ADMINS: readonly StaffRole[] = ['HEAD_OF_MANAGED_SERVICES', 'CLOUD_ARCHITECT', 'SECURITY_OFFICER'];

const IssueBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: IntegrationKind,
    scopes: Type.Array(Type.Union(INTEGRATION_SCOPES.map((s) => Type.Literal(s))), { minItems: 1, uniqueItems: true }),
    environmentLabel: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    customerId: Type.Optional(Type.String({ format: 'uuid', description: "Scopes the key to one customer: its alerts route only to that customer's environments, others are kept as unrouted" })),
  },
  {
    additionalProperties: false,
    examples: [
      { name: 'Prometheus Alertmanager eu-central-1', kind: 'alertmanager', scopes: ['alerts:write'] },
      { name: 'ACME on-prem Zabbix', kind: 'generic', scopes: ['alerts:write'], customerId: '0b7d4a52-8f3e-4c2a-b1d6-5e9f0a3c7d11' },
    ],
  },
);

/** Integration API keys for monitoring tools: issued (shown once), listed without secrets, revoked. */
@Controller('v1/integrations')
@StaffOnly(KEY_ADMINS)
export class IntegrationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(201)
  @ApiResponse('The new key (shown once)', IssuedIntegrationKey)
  issue(@Req() http: AuthenticatedRequest, @ValidBody(IssueBody) body: Static<typeof IssueBody>): Promise<unknown> {
    return this.rpc.call(IdentityQueries.issueIntegrationKey, callerOf(http), body);
  }

  @Get()
  @ApiResponse('Every key, newest first, without secrets', IntegrationKeyList)
  list(@Req() http: AuthenticatedRequest): Promise<unknown> {
    return this.rpc.call(IdentityQueries.listIntegrationKeys, callerOf(http), {});
  }

  @Delete(':integrationId')
  @ApiResponse('The key no longer authenticates', IntegrationKeyRevoked)
  revoke(@Req() http: AuthenticatedRequest, @UuidParam('integrationId') integrationId: string): Promise<unknown> {
    return this.rpc.call(IdentityQueries.revokeIntegrationKey, callerOf(http), { integrationId });
  }

  /** MON-2: how this integration's alerts find their environment. */
  @Get(':integrationId/routing-rules')
  @ApiResponse('The routing rules', RoutingRulesView)
  routingRules(@Req() http: AuthenticatedRequest, @UuidParam('integrationId') integrationId: string): Promise<RoutingRulesView> {
    return this.rpc.call(MonitoringQueries.getRoutingRules, callerOf(http), { integrationId: integrationId });
  }

  @Put(':integrationId/routing-rules')
  @ApiResponse('The routing rules now in force (within 30 s on every ingest instance)', RoutingRulesView)
  setRoutingRules(@Req() http: AuthenticatedRequest, @UuidParam('integrationId') integrationId: string, @ValidBody(RoutingRules) body: RoutingRules): Promise<RoutingRulesView> {
    return this.rpc.call(MonitoringQueries.setRoutingRules, callerOf(http), {
      integrationId: integrationId,
      rules: body.rules,
    });
  }

  /** Optional request signing (MON-1): issues a new secret, shown once; from now on unsigned requests of the integration are refused. */
  @Post(':integrationId/signing-secret')
  @HttpCode(201)
  @ApiResponse('The new signing secret (shown once) and how to sign', IssuedSigningSecret)
  issueSigningSecret(@Req() http: AuthenticatedRequest, @UuidParam('integrationId') integrationId: string): Promise<IssuedSigningSecret> {
    return this.rpc.call(MonitoringQueries.issueSigningSecret, callerOf(http), { integrationId: integrationId });
  }

  @Delete(':integrationId/signing-secret')
  @ApiResponse('Requests of the integration need no signature any more', SigningSecretRemoved)
  removeSigningSecret(@Req() http: AuthenticatedRequest, @UuidParam('integrationId') integrationId: string): Promise<SigningSecretRemoved> {
    return this.rpc.call(MonitoringQueries.removeSigningSecret, callerOf(http), { integrationId: integrationId });
  }
}
