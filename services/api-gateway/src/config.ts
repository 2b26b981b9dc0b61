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
  /**
   * Rate limits per client address (issue 12, decision 0018), per replica: any
   * route, and the routes that take credentials (sign-in, refresh, password).
   */
  GATEWAY_RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 60 }),
  GATEWAY_RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 600 }),
  GATEWAY_CREDENTIALS_RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 20 }),
  /** Comma-separated addresses/CIDRs of proxies whose X-Forwarded-For is believed; empty: none, the peer is the client. */
  GATEWAY_TRUSTED_PROXIES: Type.String({ default: '' }),
  /** identity's token keys (JWKS) are fetched again this often, so a rotation is picked up without a restart. */
  GATEWAY_JWKS_REFRESH_SECONDS: Type.Integer({ minimum: 1, default: 300 }),
  /** A token naming an unknown key id fetches the keys again, but at most this often. */
  GATEWAY_JWKS_MIN_REFRESH_SECONDS: Type.Integer({ minimum: 0, default: 30 }),
});
export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
export const loadGatewayConfig = () => loadConfig(gatewayConfigSchema);
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
