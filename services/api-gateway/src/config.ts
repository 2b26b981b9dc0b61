import { Type } from '@sinclair/typebox';
import { loadConfig } from '@vigil/platform-config';

export const gatewayConfigSchema = Type.Object({
  API_GATEWAY_PORT: Type.Integer({ default: 3000 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  /** Deadline for a request/reply call to a domain service. */
  GATEWAY_RPC_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 5_000 }),
  /** Largest request body accepted; the API takes small JSON documents only. */
  GATEWAY_BODY_LIMIT: Type.Integer({ minimum: 1024, default: 64 * 1024 }),
  /** ACC-2: access log entries are kept this long (four weeks), then purged nightly. */
  ACCESS_LOG_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 28 }),
});
export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
export const loadGatewayConfig = () => loadConfig(gatewayConfigSchema);
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
