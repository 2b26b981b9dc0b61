import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { loadConfig, platformConfig } from '@vigil/platform-config';
import { Type } from '@sinclair/typebox';
import { createServiceDataSource, defaultServiceRole, grantServiceRole, migrateServiceSchema } from '@vigil/platform-persistence';
import type { ServiceDefinition } from './service-definition';

/** `forMigrations`: no statement timeout, since building an index on a large table may rightly take longer. */
function dataSourceFor(service: ServiceDefinition, forMigrations = false): DataSource {
  const config = loadConfig(platformConfig);
  return createServiceDataSource({
    url: config.DATABASE_URL,
    schema: service.schema,
    entities: service.entities,
    migrations: service.migrations,
    poolSize: 2,
    statementTimeoutMs: forMigrations ? 0 : config.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    preparedStatements: !forMigrations && config.DATABASE_PREPARED_STATEMENTS,
  });
}

/** The role the service runs as, which the migration grants its schema to (decision 0017). */
const MigrateConfig = Type.Object({ DATABASE_SERVICE_ROLE: Type.Optional(Type.String({ pattern: '^[a-z_][a-z0-9_]*$' })) });

/**
 * `migrate` entry point of every service: applies its pending migrations as the
 * schema's owner (DATABASE_URL), grants the service role (DATABASE_SERVICE_ROLE,
 * default `vigil_<schema>`) what it may do there, and exits.
 */
export async function runMigrateCommand(service: ServiceDefinition): Promise<void> {
  const log = new Logger(`${service.name}:migrate`);
  const role = loadConfig(MigrateConfig).DATABASE_SERVICE_ROLE ?? defaultServiceRole(service.schema);
  const dataSource = dataSourceFor(service, true);
  try {
    const applied = await migrateServiceSchema(dataSource, service.schema);
    log.log(applied.length ? `applied ${applied.join(', ')}` : 'schema up to date');
    await grantServiceRole(dataSource, { schema: service.schema, role, appendOnly: service.audited ? ['audit_log'] : [] });
    log.log(`${role} may use ${service.schema}${service.audited ? ' (audit_log append-only)' : ''}`);
  } finally {
    await dataSource.destroy().catch(() => undefined);
  }
}

/** Runs an administrative command against the service's schema, then closes the connection. */
export async function withServiceDataSource<T>(service: ServiceDefinition, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = await dataSourceFor(service).initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy().catch(() => undefined);
  }
}

/** `seed-dev` entry point: demo data for local development only, never in production. */
export async function runDevSeedCommand(service: ServiceDefinition, seed: (dataSource: DataSource) => Promise<void>): Promise<void> {
  if (process.env['NODE_ENV'] === 'production') throw new Error('refusing to seed demo data in production');
  await withServiceDataSource(service, seed);
  new Logger(`${service.name}:seed`).log('demo data in place');
}

/** Runs a command entry point and exits non-zero with a clear message on failure. */
export function runCommand(name: string, command: () => Promise<void>): void {
  command().then(
    () => process.exit(0),
    (error) => {
      console.error(`${name} failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
