import { Injectable } from '@nestjs/common';
import { IdentityQueries, type IssueIntegrationKeyRequest, type RevokeIntegrationKeyRequest } from '@vigil/contracts';
import { HandlesCommand, HandlesQuery } from '@vigil/platform-runtime';
import { IntegrationKeysService } from './integration-keys.service';

/** Integration keys over NATS request/reply; the contracts admit staff callers only. */
@Injectable()
export class IntegrationKeysHandler {
  constructor(private readonly keys: IntegrationKeysService) {}

  @HandlesCommand(IdentityQueries.issueIntegrationKey)
  issue(request: IssueIntegrationKeyRequest): Promise<{ integrationId: string; apiKey: string }> {
    return this.keys.issue(request);
  }

  @HandlesCommand(IdentityQueries.revokeIntegrationKey)
  revoke(request: RevokeIntegrationKeyRequest): Promise<{ revokedAt: string }> {
    return this.keys.revoke(request);
  }

  @HandlesQuery(IdentityQueries.listIntegrationKeys)
  list(): Promise<{ integrations: unknown[] }> {
    return this.keys.list();
  }
}
