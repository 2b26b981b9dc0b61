import { actorOf, MonitoringError, type IssuedSigningSecret, type SigningSecretRemoved, type SigningSecretRequest } from '@vigil/contracts';
import { Injectable } from '@nestjs/common';
import { AuditLog } from '@vigil/platform-audit';
import { UnitOfWork } from '@vigil/platform-runtime';
import { MonitoringException } from '../monitoring.exception';
import { IntegrationRepository } from './integration.repository';
import { RequestSignatures } from './request-signatures';

/** Issues (or replaces) and removes an integration's signing secret; each change is audited, never the secret (ACC-1). */
@Injectable()
export class SigningSecretsUseCase {
  constructor(
    private readonly integrations: IntegrationRepository,
    private readonly signatures: RequestSignatures,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditLog,
  ) {}

  async issue({ integrationId, caller }: SigningSecretRequest): Promise<IssuedSigningSecret> {
    const { secret, sealed } = this.signatures.issue();
    await this.change(integrationId, actorOf(caller), sealed, 'integration.signing-secret-issued');
    return { integrationId, signingSecret: secret, header: 'X-Vigil-Signature', format: 'sha256=<hex HMAC-SHA256 of the raw request body, keyed with signingSecret>' };
  }

  async remove({ integrationId, caller }: SigningSecretRequest): Promise<SigningSecretRemoved> {
    await this.change(integrationId, actorOf(caller), null, 'integration.signing-secret-removed');
    return { integrationId, signed: false };
  }

  private change(integrationId: string, actor: string, sealed: string | null, action: string): Promise<void> {
    return this.unitOfWork.run(async (manager) => {
      if (!(await this.integrations.setSigningSecret(manager, integrationId, sealed))) throw new MonitoringException(MonitoringError.NotFound, `integration ${integrationId} not found`);
      await this.audit.append(manager, { actor, action, target: `integration:${integrationId}`, after: { signed: sealed !== null } });
    });
  }
}
