import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const ajv = addFormats(new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false }), ['uri']);

/**
 * Reads and validates configuration from the environment once, at process
 * start (ARCHITECTURE rule 10). Unknown variables are ignored; a missing or
 * malformed one stops the process with every problem listed.
 */
export function loadConfig<P extends TProperties>(schema: TObject<P>, env: NodeJS.ProcessEnv = process.env): Static<TObject<P>> {
  const candidate: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') candidate[key] = value;
  }
  const validate = ajv.compile(schema);
  if (!validate(candidate)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath.slice(1) || e.params?.['missingProperty'] || 'config'} ${e.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return candidate as Static<TObject<P>>;
}

/** Settings every Vigil process shares. Defaults are the local development stack. */
export const PlatformConfigSchema = {
  DATABASE_URL: Type.String({ default: 'postgres://postgres@127.0.0.1:5432/vigil' }),
  NATS_URL: Type.String({ default: 'nats://127.0.0.1:4223' }),
  /** This process's own NATS user and password (decision 0017); unset only against a server without authorization. */
  NATS_USER: Type.Optional(Type.String({ minLength: 1 })),
  NATS_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  TEMPORAL_ADDRESS: Type.String({ default: '127.0.0.1:7233' }),
  TEMPORAL_NAMESPACE: Type.String({ default: 'default' }),
  HOST: Type.String({ default: '127.0.0.1' }),
  /** Postgres cancels a statement running longer than this (0: never). */
  DATABASE_STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 0, default: 30_000 }),
  /** Postgres ends a session idle inside a transaction for longer than this (0: never). */
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: Type.Integer({ minimum: 0, default: 60_000 }),
  /** Frequent statements go as named prepared statements; false behind a pooler in transaction mode that cannot carry them. */
  DATABASE_PREPARED_STATEMENTS: Type.Boolean({ default: true }),
  /** Least severe log level written (JSON lines on stdout). */
  LOG_LEVEL: Type.Union(
    [Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')],
    { default: 'info' },
  ),
  /** Where the process serves Prometheus metrics (GET /metrics): its own listener, never the public API port. */
  METRICS_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 9464 }),
  /** The metrics listener's address: loopback unless Prometheus scrapes from elsewhere (e.g. 0.0.0.0 on a container's internal network). */
  METRICS_HOST: Type.String({ default: '127.0.0.1' }),
};

export const platformConfig = Type.Object(PlatformConfigSchema);
export type PlatformConfig = Static<typeof platformConfig>;
