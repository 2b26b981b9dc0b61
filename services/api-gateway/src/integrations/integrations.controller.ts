import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
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
  violations,
  type StaffRole,
} from '@vigil/contracts';
import { StaffOnly } from '@vigil/platform-auth';
import { ProblemException } from '@vigil/platform-runtime';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { ApiResponse } from '../http/api-docs.decorators';
import { uuidParam } from '../http/typed-query';
import { ValidBody } from '../http/valid-body.decorator';
import { RpcClient } from '../rpc-client';
import { callerOf } from '../http/caller';

const KEY_ADMINS: readonly StaffRole[] = ['HEAD_OF_MANAGED_SERVICES', 'CLOUD_ARCHITECT', 'SECURITY_OFFICER'];

const IssueBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: IntegrationKind,
    scopes: Type.Array(Type.Union(INTEGRATION_SCOPES.map((s) => Type.Literal(s))), { minItems: 1, uniqueItems: true }),
    environmentLabel: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

const invalid = (errors: string[]) => new ProblemException(400, 'https://vigil.dev/problems/invalid-request', 'invalid request', errors.join('; '), { errors });

/** Integration API keys for monitoring tools: issued (shown once), listed without secrets, revoked. */
@Controller('v1/integrations')
@StaffOnly(KEY_ADMINS)
export class IntegrationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(201)
  issue(@Req() http: AuthenticatedRequest, @Body() body: unknown): Promise<unknown> {
    const errors = violations(IssueBody, body);
    if (errors.length > 0) throw invalid(errors);
    return this.rpc.call(IdentityQueries.issueIntegrationKey, callerOf(http), body as Static<typeof IssueBody>);
  }

  @Get()
  list(@Req() http: AuthenticatedRequest): Promise<unknown> {
    return this.rpc.call(IdentityQueries.listIntegrationKeys, callerOf(http), {});
  }

  @Delete(':integrationId')
  revoke(@Req() http: AuthenticatedRequest, @Param('integrationId') integrationId: string): Promise<unknown> {
    const errors = violations(Type.String({ format: 'uuid' }), integrationId);
    if (errors.length > 0) throw invalid(['integrationId must be a UUID']);
    return this.rpc.call(IdentityQueries.revokeIntegrationKey, callerOf(http), { integrationId });
  }

  /** MON-2: how this integration's alerts find their environment. */
  @Get(':integrationId/routing-rules')
  @ApiResponse(200, 'The routing rules', RoutingRulesView)
  routingRules(@Req() http: AuthenticatedRequest, @Param('integrationId') integrationId: string): Promise<RoutingRulesView> {
    return this.rpc.call(MonitoringQueries.getRoutingRules, callerOf(http), { integrationId: uuidParam('integrationId', integrationId) });
  }

  @Put(':integrationId/routing-rules')
  @ApiResponse(200, 'The routing rules now in force (within 30 s on every ingest instance)', RoutingRulesView)
  setRoutingRules(@Req() http: AuthenticatedRequest, @Param('integrationId') integrationId: string, @ValidBody(RoutingRules) body: RoutingRules): Promise<RoutingRulesView> {
    return this.rpc.call(MonitoringQueries.setRoutingRules, callerOf(http), {
      integrationId: uuidParam('integrationId', integrationId),
      rules: body.rules,
    });
  }

  /** Optional request signing (MON-1): issues a new secret, shown once; from now on unsigned requests of the integration are refused. */
  @Post(':integrationId/signing-secret')
  @HttpCode(201)
  @ApiResponse(201, 'The new signing secret (shown once) and how to sign', IssuedSigningSecret)
  issueSigningSecret(@Req() http: AuthenticatedRequest, @Param('integrationId') integrationId: string): Promise<IssuedSigningSecret> {
    return this.rpc.call(MonitoringQueries.issueSigningSecret, callerOf(http), { integrationId: uuidParam('integrationId', integrationId) });
  }

  @Delete(':integrationId/signing-secret')
  @ApiResponse(200, 'Requests of the integration need no signature any more', SigningSecretRemoved)
  removeSigningSecret(@Req() http: AuthenticatedRequest, @Param('integrationId') integrationId: string): Promise<SigningSecretRemoved> {
    return this.rpc.call(MonitoringQueries.removeSigningSecret, callerOf(http), { integrationId: uuidParam('integrationId', integrationId) });
  }
}
