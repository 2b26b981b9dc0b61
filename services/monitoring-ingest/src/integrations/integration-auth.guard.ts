import { Clock } from '@vigil/platform-clock';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { IntegrationKeyUsed } from '@vigil/contracts';
import { OutboxWriter, ProblemException, UnitOfWork } from '@vigil/platform-runtime';
import { tryAgainLater, type SenderKind } from '../alerts/intake-gate';
import { IntegrationRepository, type Integration } from './integration.repository';
import { RequestSignatures, SIGNATURE_HEADER } from './request-signatures';

const LAST_USE_CHECK_INTERVAL_MS = 60_000;

export type IntegrationRequest = FastifyRequest & { integration: Integration; rawBody?: Buffer };

/**
 * Requires an integration API key (MON-1): `Authorization: Bearer <key>`
 * (Alertmanager's `http_config.authorization`), or PagerDuty's `routing_key`
 * in the event body; and, for an integration with a signing secret, a valid
 * signature of the body. 401 otherwise; nothing of the alert is stored.
 */
@Injectable()
export class IntegrationAuthGuard implements CanActivate {
  constructor(
    private readonly integrations: IntegrationRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly signatures: RequestSignatures,
    private readonly clock: Clock,
  ) {}

  /** When this process last asked the database to record each key's use. */
  private readonly lastRecorded = new Map<string, number>();

  /**
   * Last use, kept here and told to identity for the access review (ACC-5).
   * The database keeps it at minute resolution, so this process asks at most
   * once a minute per key instead of once per alert request.
   */
  private recordUse(integrationId: string): Promise<void> {
    const now = this.clock.nowMs();
    if (now - (this.lastRecorded.get(integrationId) ?? 0) < LAST_USE_CHECK_INTERVAL_MS) return Promise.resolve();
    this.lastRecorded.set(integrationId, now);
    return this.unitOfWork
      .run(async (manager) => {
        const usedAt = await this.integrations.touch(manager, integrationId, new Date(now));
        if (usedAt) await this.outbox.append(manager, IntegrationKeyUsed, { integrationId, usedAt: usedAt.toISOString() });
      })
      .catch((error: unknown) => {
        this.lastRecorded.delete(integrationId); // not recorded: the next request tries again
        throw error;
      });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<IntegrationRequest>();
    const key = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? routingKeyOf(request.body);
    // A database that cannot be asked is "try again", not "unauthenticated": senders retry 503.
    const integration = key ? await this.integrations.findActiveByApiKey(key).catch(() => Promise.reject(tryAgainLater(senderOf(request), 'unavailable'))) : null;
    if (!integration) {
      const how = senderOf(request) === 'pagerduty' ? 'as the event\'s routing_key' : 'as a bearer token';
      throw new ProblemException(401, 'https://vigil.dev/problems/unauthenticated', 'unauthenticated', `a valid integration API key is required ${how}`, {});
    }
    if (integration.signingSecretSealed && !this.signatures.verifies(integration.signingSecretSealed, request.rawBody ?? Buffer.alloc(0), headerOf(request, SIGNATURE_HEADER))) {
      throw new ProblemException(401, 'https://vigil.dev/problems/invalid-signature', 'invalid signature', `this integration signs its requests: ${SIGNATURE_HEADER} must be sha256=<hex HMAC-SHA256 of the body>`);
    }
    if (!integration.scopes.includes('alerts:write')) {
      throw new ProblemException(403, 'https://vigil.dev/problems/forbidden', 'forbidden', 'this integration key may not post alerts');
    }
    void this.recordUse(integration.id).catch(() => undefined); // last use is informational; never fail an alert on it
    request.integration = integration;
    return true;
  }
}

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function routingKeyOf(body: unknown): string | undefined {
  const key = (body as { routing_key?: unknown } | null)?.routing_key;
  return typeof key === 'string' && key.length > 0 ? key : undefined;
}

function senderOf(request: FastifyRequest): SenderKind {
  return /\/(v2\/enqueue|v1\/alerts\/pagerduty)/.test(request.url) ? 'pagerduty' : 'alertmanager';
}
