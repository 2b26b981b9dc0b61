import { Client } from 'pg';
import { databaseUrlAs } from '@vigil/platform-persistence';
import { createTestDatabase } from '@vigil/testing';
import { SERVICES } from '../setup/services';

const SCHEMAS = { 'monitoring-ingest': 'monitoring', ticketing: 'ticketing', notifications: 'notifications', identity: 'identity', 'api-gateway': 'gateway' } as const;
const AUDITED = ['identity', 'ticketing', 'monitoring-ingest', 'notifications'] as const;

/**
 * Issue 12 / ARCHITECTURE rule 11: every service connects as its own Postgres
 * role that may use only its own schema, and its audit log is append-only for
 * that role (decision 0017). Against the migrated template's real grants.
 */
describe('Postgres roles per service (issue 12, least privilege, rule 11)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const clients: Client[] = [];
  const as = async (service: keyof typeof SERVICES) => {
    const client = new Client({ connectionString: databaseUrlAs(database.url, SERVICES[service].role) });
    await client.connect();
    clients.push(client);
    return client;
  };
  const admin = async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.end()));
    await database?.drop();
  });

  it("refuses ticketing's role identity.*, and lets it use its own schema", async () => {
    const ticketing = await as('ticketing');
    await expect(ticketing.query('SELECT count(*) FROM identity.staff_users')).rejects.toThrow(/permission denied for schema identity/);
    await expect(ticketing.query('SELECT count(*) FROM identity.sessions')).rejects.toThrow(/permission denied for schema identity/);
    await expect(ticketing.query('SELECT count(*)::int AS n FROM ticketing.tickets')).resolves.toMatchObject({ rows: [{ n: 0 }] });
  });

  it('gives every service role its own schema only, no DDL there, and nothing on the migrations table', async () => {
    for (const [service, schema] of Object.entries(SCHEMAS) as Array<[keyof typeof SERVICES, string]>) {
      const client = await as(service);
      const { rows } = await client.query<{ schema: string; usage: boolean; create: boolean }>(
        `SELECT nspname AS schema, has_schema_privilege(current_user, nspname, 'USAGE') AS usage, has_schema_privilege(current_user, nspname, 'CREATE') AS create
           FROM pg_namespace WHERE nspname = ANY($1)`,
        [Object.values(SCHEMAS)],
      );
      expect(rows.filter((r) => r.usage).map((r) => r.schema)).toEqual([schema]);
      expect(rows.filter((r) => r.create)).toEqual([]);
      await expect(client.query(`CREATE TABLE ${schema}.intruder (id int)`)).rejects.toThrow(/permission denied for schema/);
      await expect(client.query(`SELECT * FROM ${schema}.migrations`)).rejects.toThrow(/permission denied for table migrations/);
      const { rows: [me] } = await client.query<{ rolsuper: boolean; rolcreaterole: boolean }>('SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user');
      expect(me).toEqual({ rolsuper: false, rolcreaterole: false });
    }
  });

  it('ACC-1: keeps each audit log append-only for its service role: INSERT and SELECT, no UPDATE, DELETE or TRUNCATE', async () => {
    const owner = await admin();
    for (const service of AUDITED) {
      const schema = SCHEMAS[service];
      const { rows: [grants] } = await owner.query(
        `SELECT ${['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'].map((p) => `has_table_privilege($1, '${schema}.audit_log', '${p}') AS "${p}"`).join(', ')}`,
        [SERVICES[service].role],
      );
      expect(grants).toEqual({ SELECT: true, INSERT: true, UPDATE: false, DELETE: false, TRUNCATE: false });
    }
    const identity = await as('identity');
    // Refused by privileges before the append-only trigger even runs.
    await expect(identity.query('UPDATE identity.audit_log SET actor = actor')).rejects.toThrow(/permission denied for table audit_log/);
    await expect(identity.query('DELETE FROM identity.audit_log')).rejects.toThrow(/permission denied for table audit_log/);
    await expect(identity.query('TRUNCATE identity.audit_log')).rejects.toThrow(/permission denied for table audit_log/);
    await expect(identity.query('DROP TRIGGER audit_log_no_update_delete ON identity.audit_log')).rejects.toThrow(/must be owner/);
  });
});
