import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureLoginRoles } from '../../libs/platform/persistence/src/service-role';
import {
  createDatabase,
  databaseUrl,
  ensureBinaries,
  REPO_ROOT,
  startTemporalDevServer,
  uniqueDatabaseName,
  type RunningTemporal,
} from '../../libs/testing/src';  // relative: jest does not map paths for global setup
import { SERVICES, TEST_NAMESPACE_COUNT, testNamespace } from './services';

declare global {
  // Shared with global-teardown (same process).
  var __vigilTemporal: RunningTemporal | undefined;
}

/**
 * Once per `jest` run: build or find the pinned binaries, start one in-memory
 * Temporal dev server, and migrate a template database with every service's
 * real migrations. Test files copy the template and start their own nats-server.
 */
export default async function globalSetup(): Promise<void> {
  const binaries = ensureBinaries();
  process.env['VIGIL_TEST_NATS_SERVER_BIN'] = binaries.natsServer;
  process.env['VIGIL_TEST_TEMPORAL_BIN'] = binaries.temporal;
  process.env['VIGIL_TEST_ALERTMANAGER_BIN'] = binaries.alertmanager;

  const template = uniqueDatabaseName('vigil_template');
  await createDatabase(template);
  process.env['VIGIL_TEST_TEMPLATE_DB'] = template;

  const namespaces = Array.from({ length: TEST_NAMESPACE_COUNT }, (_, i) => testNamespace(String(i + 1)));
  const [temporal] = await Promise.all([startTemporalDevServer(binaries.temporal, namespaces), migrateAll(databaseUrl(template))]);
  globalThis.__vigilTemporal = temporal;
  process.env['VIGIL_TEST_TEMPORAL_ADDRESS'] = temporal.address;
}

async function migrateAll(url: string): Promise<void> {
  // The services' own roles (cluster-wide, created once); each migration grants its schema to its role.
  await ensureLoginRoles(url, Object.values(SERVICES).map((s) => ({ role: s.role })));
  // One after another: migrations of different schemas are independent, but
  // parallel `CREATE SCHEMA` on a fresh database is not worth the contention.
  for (const service of Object.values(SERVICES)) {
    await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', join(REPO_ROOT, service.migrate)], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: url, SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') },
    }).catch((error: Error & { stderr?: string }) => {
      throw new Error(`migrating ${service.migrate} failed: ${error.stderr ?? error.message}`);
    });
  }
}
