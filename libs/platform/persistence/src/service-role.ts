import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * The Postgres role a service runs as (ARCHITECTURE rule 11, decision 0017):
 * it may use only its own schema, owns nothing, and cannot change what it
 * wrote to its audit log. Migrations run as the owner of the schema instead.
 */
export const defaultServiceRole = (schema: string): string => `vigil_${schema}`;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a plain Postgres identifier (lower case, digits, underscore)`);
  return `"${name}"`;
}

export interface ServiceGrants {
  schema: string;
  role: string;
  /** Tables the role may only read and append to (the audit log): no UPDATE, DELETE or TRUNCATE. */
  appendOnly: string[];
}

/**
 * Gives the service role exactly what the service needs in its schema, after
 * every migration run (so new tables are covered): read and write rows,
 * append only where the log must not change, nothing on the migrations table,
 * no DDL. Idempotent; grants live in the database (a template copy keeps them).
 */
export async function grantServiceRole(dataSource: DataSource, { schema, role, appendOnly }: ServiceGrants): Promise<void> {
  const s = identifier(schema);
  const r = identifier(role);
  const exists = await dataSource.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
  if (exists.length === 0) throw new Error(`the service role ${role} does not exist: create it first (decision 0017; compose: deploy/postgres/create-service-roles.sh)`);
  const statements = [
    `REVOKE ALL ON SCHEMA ${s} FROM PUBLIC`,
    `GRANT USAGE ON SCHEMA ${s} TO ${r}`,
    `REVOKE CREATE ON SCHEMA ${s} FROM ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`,
    `REVOKE ALL ON ${s}."migrations" FROM ${r}`,
    ...appendOnly.map((table) => `REVOKE UPDATE, DELETE, TRUNCATE ON ${s}.${identifier(table)} FROM ${r}`),
  ];
  await dataSource.transaction(async (manager) => {
    for (const statement of statements) await manager.query(statement);
  });
}

export interface LoginRole {
  role: string;
  /** Set (or reset) when given: production's password authentication. Without one: trust authentication (dev, tests). */
  password?: string;
}

/**
 * Creates the services' login roles that do not exist yet and sets the
 * passwords given (compose runs it before migrating; `npm start` and the tests
 * without passwords). Roles are cluster-wide and several test runs share the
 * cluster: serialised by an advisory lock taken in the maintenance database,
 * which every caller connects to, so concurrent runs never collide.
 */
export async function ensureLoginRoles(serverUrl: string, roles: LoginRole[]): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtextextended('vigil service roles', 0))`);
    for (const { role, password } of roles) {
      const existing = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
      if (existing.rowCount === 0) await client.query(`CREATE ROLE ${identifier(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT`);
      if (password) await client.query(`ALTER ROLE ${identifier(role)} PASSWORD ${client.escapeLiteral(password)}`);
    }
  } finally {
    await client.end(); // ends the session, and with it the advisory lock
  }
}

/** The same server and database as `url`, as `role` (with its password where the server needs one). */
export function databaseUrlAs(url: string, role: string, password?: string): string {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = password ?? '';
  return parsed.toString();
}
