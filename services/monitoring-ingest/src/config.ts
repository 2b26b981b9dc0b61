import { Type } from '@sinclair/typebox';
import { loadConfig } from '@vigil/platform-config';

export const ingestConfigSchema = Type.Object({
  MONITORING_INGEST_PORT: Type.Integer({ default: 3010 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  /** Largest webhook body accepted; Alertmanager groups can be large. */
  MONITORING_INGEST_BODY_LIMIT: Type.Integer({ default: 5 * 1024 * 1024 }),
  /** Alert requests stored at once; beyond it senders are told to retry (503, or 429 for PagerDuty). */
  MONITORING_INGEST_MAX_IN_FLIGHT: Type.Integer({ default: 256, minimum: 1 }),
  /** Alert transactions committing at once; requests arriving meanwhile wait and share the next one (group commit). */
  MONITORING_INGEST_CONCURRENT_BATCHES: Type.Integer({ default: 4, minimum: 1 }),
  /** Keys of committed alerts kept in memory, so repeats are answered without a transaction (~150 bytes each for Alertmanager, up to ~700 for long generic keys); 0 turns it off. */
  MONITORING_INGEST_KNOWN_ALERTS: Type.Integer({ default: 100_000, minimum: 0 }),
  /** How long a remembered key is trusted: a repeat after that goes to the database once more, so a row the database lost is stored again. */
  MONITORING_INGEST_KNOWN_ALERT_TTL_MS: Type.Integer({ default: 3_600_000, minimum: 1 }),
  /** 32 random bytes, base64: encrypts integrations' signing secrets at rest. */
  MONITORING_SECRET_BOX_KEY: Type.String({ minLength: 40 }),
});
export type IngestConfig = ReturnType<typeof loadIngestConfig>;
export const loadIngestConfig = () => loadConfig(ingestConfigSchema);
export const INGEST_CONFIG = Symbol('INGEST_CONFIG');
