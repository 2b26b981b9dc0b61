import { Clock } from '@vigil/platform-clock';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { IntegrationKeyIssuedData, RoutingRule } from '@vigil/contracts';
import { queryRows } from '@vigil/platform-persistence';
import { compileRoutingRules, type CompiledRule } from '../routing/routing-rules';
import { hashApiKey } from './api-key';

export interface Integration {
  id: string;
  name: string;
  kind: 'alertmanager' | 'pagerduty' | 'generic';
  environmentLabel: string;
  scopes: string[];
  /** The integration's rules, or by default its environment label taken as it is. */
  routing: CompiledRule[];
  /** Set when requests must carry an HMAC signature (sealed; see SignatureCheck). */
  signingSecretSealed: string | null;
  /** Set for a key scoped to one customer: its alerts route only to that customer's environments (issue 13). */
  customerId: string | null;
}

interface IntegrationRow {
  id: string;
  name: string;
  kind: Integration['kind'];
  environment_label: string;
  scopes: string[];
  routing_rules: RoutingRule[];
  signing_secret_sealed: string | null;
  customer_id: string | null;
}

const toIntegration = (row: IntegrationRow): Integration => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  environmentLabel: row.environment_label,
  scopes: row.scopes,
  routing: compileRoutingRules(row.routing_rules.length > 0 ? row.routing_rules : [{ label: row.environment_label }]),
  signingSecretSealed: row.signing_secret_sealed,
  customerId: row.customer_id,
});

/** Last use is written at most this often per key, so the hot path rarely writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

const CACHE_TTL_MS = 30_000;
/**
 * A miss is remembered only briefly: a key issued a moment ago may be looked
 * up between the eviction and the commit of its issued event, and must not be
 * refused for long because of that.
 */
const MISS_CACHE_TTL_MS = 2_000;

/**
 * Resolves a presented API key to its integration. Lookups are cached for 30 s
 * so the ingest hot path does not query per request; a revocation therefore
 * takes effect within 30 s.
 */
@Injectable()
export class IntegrationRepository {
  private readonly cache = new Map<string, { integration: Integration | null; expires: number }>();

  constructor(@Inject(DataSource) private readonly dataSource: DataSource, private readonly clock: Clock) {}

  async findActiveByApiKey(key: string): Promise<Integration | null> {
    const hash = hashApiKey(key);
    const cached = this.cache.get(hash);
    if (cached && cached.expires > this.clock.nowMs()) return cached.integration;
    // Unscoped by customer: integrations belong to the provider, not a tenant.
    const rows: IntegrationRow[] = await this.dataSource.query(
      `SELECT id, name, kind, environment_label, scopes, routing_rules, signing_secret_sealed, customer_id FROM monitoring.integrations WHERE api_key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    const row = rows[0];
    const integration = row ? toIntegration(row) : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { integration, expires: this.clock.nowMs() + (integration ? CACHE_TTL_MS : MISS_CACHE_TTL_MS) });
    return integration;
  }

  /** Records that a key was used, at most once a minute per key; returns the time when it did. */
  async touch(manager: EntityManager, integrationId: string, now: Date): Promise<Date | null> {
    const rows = await queryRows<{ last_used_at: Date }>(
      manager,
      `UPDATE monitoring.integrations SET last_used_at = $3
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $3::timestamptz - ($2 || ' milliseconds')::interval)
        RETURNING last_used_at`,
      [integrationId, String(LAST_USED_RESOLUTION_MS), now],
    );
    return rows[0]?.last_used_at ?? null;
  }

  // unscoped: identity's event names the key's customer (or none); no tenant asks
  /** Applies a key issued by identity (the read model); replays are harmless. */
  async applyIssued(manager: EntityManager, key: IntegrationKeyIssuedData): Promise<void> {
    await manager.query(
      `INSERT INTO monitoring.integrations (id, name, kind, api_key_hash, environment_label, scopes, customer_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO NOTHING`,
      [key.integrationId, key.name, key.kind, key.keyHash, key.environmentLabel, key.scopes, key.customerId],
    );
    this.cache.delete(key.keyHash); // a miss cached before the key arrived must not lock it out for 30 s
  }

  /** Replaces an integration's routing rules; false when there is no such integration. Cached lookups see them within 30 s. */
  async setRoutingRules(manager: EntityManager, integrationId: string, rules: RoutingRule[]): Promise<{ before: RoutingRule[] } | null> {
    const rows = await queryRows<{ before: RoutingRule[] }>(
      manager,
      `UPDATE monitoring.integrations i SET routing_rules = $2 FROM monitoring.integrations old
        WHERE i.id = $1 AND old.id = i.id RETURNING old.routing_rules AS before`,
      [integrationId, JSON.stringify(rules)],
    );
    if (rows.length === 0) return null;
    this.forget(integrationId);
    return rows[0]!;
  }

  /** Sets (or with null removes) the sealed signing secret; false when there is no such integration. */
  async setSigningSecret(manager: EntityManager, integrationId: string, sealed: string | null): Promise<boolean> {
    const rows = await queryRows(manager, `UPDATE monitoring.integrations SET signing_secret_sealed = $2 WHERE id = $1 RETURNING id`, [integrationId, sealed]);
    this.forget(integrationId);
    return rows.length > 0;
  }

  /** Drops this instance's cached lookups of an integration so a change applies at once here. */
  private forget(integrationId: string): void {
    for (const [hash, entry] of this.cache) if (entry.integration?.id === integrationId) this.cache.delete(hash);
  }

  async findRoutingRules(integrationId: string): Promise<{ environmentLabel: string; rules: RoutingRule[] } | null> {
    const rows: Array<{ environment_label: string; routing_rules: RoutingRule[] }> = await this.dataSource.query(
      `SELECT environment_label, routing_rules FROM monitoring.integrations WHERE id = $1`,
      [integrationId],
    );
    return rows[0] ? { environmentLabel: rows[0].environment_label, rules: rows[0].routing_rules } : null;
  }

  async applyRevoked(manager: EntityManager, integrationId: string, revokedAt: string): Promise<void> {
    await manager.query(`UPDATE monitoring.integrations SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [integrationId, revokedAt]);
    this.forget(integrationId); // a revoked key stops working at once in this instance
  }

  async create(input: { id: string; name: string; kind: Integration['kind']; apiKey: string; environmentLabel?: string }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO monitoring.integrations (id, name, kind, api_key_hash, environment_label) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET api_key_hash = EXCLUDED.api_key_hash, revoked_at = NULL`,
      [input.id, input.name, input.kind, hashApiKey(input.apiKey), input.environmentLabel ?? 'environment'],
    );
  }
}
