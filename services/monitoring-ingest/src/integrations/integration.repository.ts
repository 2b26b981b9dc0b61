import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashApiKey } from './api-key';

export interface Integration {
  id: string;
  name: string;
  kind: 'alertmanager' | 'pagerduty' | 'generic';
  environmentLabel: string;
}

const CACHE_TTL_MS = 30_000;

/**
 * Resolves a presented API key to its integration. Lookups are cached for 30 s
 * so the ingest hot path does not query per request; a revocation therefore
 * takes effect within 30 s.
 */
@Injectable()
export class IntegrationRepository {
  private readonly cache = new Map<string, { integration: Integration | null; expires: number }>();

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async findActiveByApiKey(key: string): Promise<Integration | null> {
    const hash = hashApiKey(key);
    const cached = this.cache.get(hash);
    if (cached && cached.expires > Date.now()) return cached.integration;
    // Unscoped by customer: integrations belong to the provider, not a tenant.
    const rows: Array<{ id: string; name: string; kind: Integration['kind']; environment_label: string }> = await this.dataSource.query(
      `SELECT id, name, kind, environment_label FROM monitoring.integrations WHERE api_key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    const row = rows[0];
    const integration = row ? { id: row.id, name: row.name, kind: row.kind, environmentLabel: row.environment_label } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { integration, expires: Date.now() + CACHE_TTL_MS });
    return integration;
  }

  async create(input: { id: string; name: string; kind: Integration['kind']; apiKey: string; environmentLabel?: string }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO monitoring.integrations (id, name, kind, api_key_hash, environment_label) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET api_key_hash = EXCLUDED.api_key_hash, revoked_at = NULL`,
      [input.id, input.name, input.kind, hashApiKey(input.apiKey), input.environmentLabel ?? 'environment'],
    );
  }
}
