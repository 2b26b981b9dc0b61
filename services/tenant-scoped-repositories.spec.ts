import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * ARCHITECTURE rule 4, kept by a test: a repository method that touches a
 * tenant-owned table takes the customer id as a required parameter, or says in
 * an `// unscoped: <why>` comment why it does not (e.g. a staff-wide work
 * queue, or a row already locked for the caller's tenant).
 */
const SERVICES = __dirname;

/** Tables whose rows belong to one customer: those with a customer_id, and their children. */
const TENANT_OWNED = [
  'ticketing.customers',
  'ticketing.environments',
  'ticketing.tickets',
  'ticketing.ticket_history',
  'ticketing.ticket_comments',
  'ticketing.outages',
  'ticketing.outage_alerts',
  'identity.customer_users',
  'customers.customers',
  'customers.contacts',
  'customers.contracts',
  'customers.environments',
  'monitoring.environments',
];

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(path, suffix);
    return entry.name.endsWith(suffix) ? [path] : [];
  });
}

interface RepositoryMethod {
  file: string;
  name: string;
  parameters: string;
  /** The method with the comments and decorators right above it. */
  text: string;
}

const SIGNATURE = /^ {2}(?:public |private |protected )?(?:async )?(\w+)\(/;

/** Splits a repository class into its methods (two-space indented members, the style of this code base). */
export function repositoryMethods(file: string, source: string): RepositoryMethod[] {
  const lines = source.split('\n');
  const starts = lines.flatMap((line, index) => (SIGNATURE.test(line) && !line.includes('constructor(') ? [index] : []));
  const headerStart = (index: number) => {
    let start = index;
    while (start > 0 && /^\s*(\/\/|\/\*|\*|@)/.test(lines[start - 1]!)) start--;
    return start;
  };
  return starts.map((start, i) => {
    const end = i + 1 < starts.length ? headerStart(starts[i + 1]!) : lines.length;
    const text = lines.slice(headerStart(start), end).join('\n');
    const signature = lines.slice(start, end).join('\n');
    const parameters = signature.slice(signature.indexOf('(') + 1, signature.indexOf('):') > 0 ? signature.indexOf('):') : signature.indexOf(')'));
    return { file, name: SIGNATURE.exec(lines[start]!)![1]!, parameters, text };
  });
}

export function unscopedTenantQueries(methods: RepositoryMethod[]): string[] {
  return methods
    .filter((m) => TENANT_OWNED.some((table) => new RegExp(`\\b${table.replace('.', '\\.')}\\b`).test(m.text)))
    .filter((m) => !/\bcustomerId\??\s*:/.test(m.parameters) || /\bcustomerId\?\s*:/.test(m.parameters))
    .filter((m) => !/\/\/ unscoped: \S/.test(m.text))
    .map((m) => `${relative(SERVICES, m.file)}: ${m.name}()`);
}

describe('tenant-owned repository methods (rule 4)', () => {
  const methods = filesUnder(SERVICES, '.repository.ts').flatMap((file) => repositoryMethods(file, readFileSync(file, 'utf8')));

  it('finds the repositories and their methods', () => {
    expect(methods.length).toBeGreaterThan(30);
    expect(methods.map((m) => m.name)).toEqual(expect.arrayContaining(['findById', 'list', 'workQueue']));
  });

  it('take a required customerId, or say why not in an `// unscoped:` comment', () => {
    expect(unscopedTenantQueries(methods)).toEqual([]);
  });

  it('knows every table with a customer_id column as tenant-owned', () => {
    const migrations = filesUnder(SERVICES, '.ts').filter((f) => f.includes('/migrations/'));
    const tables = migrations.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/CREATE TABLE (\w+\.\w+) \(([^`]*?)\)`/g)].filter((m) => /\bcustomer_id\b/.test(m[2]!)).map((m) => m[1]!),
    );
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) expect(TENANT_OWNED).toContain(table);
  });

  it('flags an optional customer id and a missing one, and accepts a stated reason', () => {
    const source = [
      'export class R {',
      '  async a(manager: M, id: string, customerId?: string) {',
      '    return manager.query(`SELECT * FROM ticketing.tickets WHERE id = $1`);',
      '  }',
      '  async b(manager: M, id: string) {',
      '    return manager.query(`SELECT * FROM ticketing.tickets WHERE id = $1`);',
      '  }',
      '  // unscoped: staff-wide work queue',
      '  async c(manager: M) {',
      '    return manager.query(`SELECT * FROM ticketing.tickets`);',
      '  }',
      '  async d(manager: M, id: string, customerId: string | undefined) {',
      '    return manager.query(`SELECT * FROM ticketing.tickets WHERE id = $1 AND customer_id = $2`);',
      '  }',
      '}',
    ].join('\n');
    expect(unscopedTenantQueries(repositoryMethods(join(SERVICES, 'x.repository.ts'), source))).toEqual(['x.repository.ts: a()', 'x.repository.ts: b()']);
  });
});
