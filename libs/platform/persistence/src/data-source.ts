import { DataSource, type DataSourceOptions } from 'typeorm';
import { Logger } from '@nestjs/common';
import { DeferredInsertQueue } from './deferred-inserts';
import { PreparedStatementNames } from './prepared-statements';
import { serviceClient } from './service-client';

export interface ServiceDataSourceOptions {
  url: string;
  /** The PostgreSQL schema this service owns; nobody else reads it. */
  schema: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  poolSize?: number;
  /**
   * Longest one statement may run before Postgres cancels it (0: no limit).
   * A runaway query otherwise holds a pool client and its locks for ever.
   */
  statementTimeoutMs?: number;
  /**
   * Longest a connection may sit idle inside an open transaction before
   * Postgres ends the session (0: no limit). A process stuck mid-transaction
   * would otherwise hold row and advisory locks that others wait on.
   */
  idleInTransactionTimeoutMs?: number;
  /**
   * Frequent statements go as named prepared statements (default true).
   * Off for a pooler in transaction mode that cannot carry them (PgBouncer
   * before 1.21, or without max_prepared_statements).
   */
  preparedStatements?: boolean;
}

/** What every service connection gets unless configured otherwise (DATABASE_*_TIMEOUT_MS). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
export const DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

const log = new Logger('Persistence');

/**
 * A TypeORM data source bound to one service schema. `synchronize` is off:
 * schema changes go only through migrations (ARCHITECTURE rule 11). A pool
 * error (e.g. Postgres restarting) is logged, never allowed to crash the process.
 * Statement and idle-in-transaction timeouts are on by default.
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    // Writes the rows queued with insertAtCommit just before each COMMIT.
    subscribers: [DeferredInsertQueue],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.schema,
    poolErrorHandler: (error: Error) => log.warn(`idle Postgres client failed: ${error.message}`),
    extra: {
      // Queries through pg's callback form (decision 0036), naming frequent statements (0034).
      Client: serviceClient(options.preparedStatements === false ? null : new PreparedStatementNames()),
      // Sent in the startup packet, so they hold for every session of the pool
      // from its first statement, with no extra round trip.
      statement_timeout: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
  });
}

/** Creates the schema if needed (the migrations table lives in it), then migrates. */
export async function migrateServiceSchema(dataSource: DataSource, schema: string): Promise<string[]> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
