import { DataSource, type DataSourceOptions } from 'typeorm';
import { Logger } from '@nestjs/common';

export interface ServiceDataSourceOptions {
  url: string;
  /** The PostgreSQL schema this service owns; nobody else reads it. */
  schema: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  poolSize?: number;
}

const log = new Logger('Persistence');

/**
 * A TypeORM data source bound to one service schema. `synchronize` is off:
 * schema changes go only through migrations (ARCHITECTURE rule 11). A pool
 * error (e.g. Postgres restarting) is logged, never allowed to crash the process.
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.schema,
    poolErrorHandler: (error: Error) => log.warn(`idle Postgres client failed: ${error.message}`),
  });
}

/** Creates the schema if needed (the migrations table lives in it), then migrates. */
export async function migrateServiceSchema(dataSource: DataSource, schema: string): Promise<string[]> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
