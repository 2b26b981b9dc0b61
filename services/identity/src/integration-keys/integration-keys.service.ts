import { Clock } from '@vigil/platform-clock';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { actorOf, IdentityError, IntegrationKeyIssued, IntegrationKeyRevoked, type IssueIntegrationKeyRequest, type RevokeIntegrationKeyRequest } from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { queryRows } from '@vigil/platform-persistence';
import { OutboxWriter, UnitOfWork } from '@vigil/platform-runtime';
import { IdentityException } from '../identity.exception';

/**
 * Integration API keys for monitoring tools: 256 random bits, shown once to
 * whoever issues them, kept only as SHA-256 (high entropy needs no slow hash),
 * scoped and revocable. monitoring-ingest learns of issued and revoked keys
 * through identity's events, so it needs no call on its hot path.
 */
@Injectable()
export class IntegrationKeysService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async issue(request: IssueIntegrationKeyRequest): Promise<{ integrationId: string; apiKey: string }> {
    const integrationId = randomUUID();
    const apiKey = `vgl_${randomBytes(32).toString('base64url')}`;
    const keyHash = createHash('sha256').update(apiKey, 'utf8').digest('hex');
    const environmentLabel = request.environmentLabel ?? 'environment';
    const customerId = request.customerId ?? null;
    await this.unitOfWork.run(async (manager) => {
      const [{ issued_at: issuedAt }] = await manager.query(
        `INSERT INTO identity.integration_keys (id, name, kind, scopes, key_hash, environment_label, issued_by, issued_at, customer_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING issued_at`,
        [integrationId, request.name, request.kind, request.scopes, keyHash, environmentLabel, actorOf(request.caller), this.clock.now(), customerId],
      );
      await this.outbox.append(manager, IntegrationKeyIssued, {
        integrationId,
        name: request.name,
        kind: request.kind,
        scopes: request.scopes,
        keyHash,
        environmentLabel,
        issuedAt: (issuedAt as Date).toISOString(),
        customerId,
      });
      await this.audit.append(manager, {
        actor: actorOf(request.caller),
        action: 'integration-key.issued',
        target: `integration:${integrationId}`,
        after: { name: request.name, kind: request.kind, scopes: request.scopes, customerId },
      });
    });
    return { integrationId, apiKey };
  }

  async revoke(request: RevokeIntegrationKeyRequest): Promise<{ revokedAt: string }> {
    return this.unitOfWork.run(async (manager) => {
      const rows = await queryRows<{ revoked_at: Date }>(
        manager,
        `UPDATE identity.integration_keys SET revoked_at = $3, revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING revoked_at`,
        [request.integrationId, actorOf(request.caller), this.clock.now()],
      );
      if (!rows[0]) throw new IdentityException(IdentityError.NotFound, `no active integration key ${request.integrationId}`);
      const revokedAt = rows[0].revoked_at.toISOString();
      await this.outbox.append(manager, IntegrationKeyRevoked, { integrationId: request.integrationId, revokedAt });
      await this.audit.append(manager, { actor: actorOf(request.caller), action: 'integration-key.revoked', target: `integration:${request.integrationId}` });
      return { revokedAt };
    });
  }

  // unscoped: integration keys belong to Vigil's staff, not to a customer
  async list(): Promise<{ integrations: unknown[] }> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, name, kind, scopes, environment_label AS "environmentLabel", customer_id AS "customerId", issued_by AS "issuedBy", issued_at AS "issuedAt", revoked_at AS "revokedAt", last_used_at AS "lastUsedAt"
         FROM identity.integration_keys ORDER BY issued_at DESC`,
    );
    return { integrations: rows };
  }
}
