import { CLOCK_OFFSET_VARIABLE } from '../../libs/platform/clock/src';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client as PgClient } from 'pg';
import { Client as TemporalClient, Connection as TemporalConnection } from '@temporalio/client';
import {
  createTestDatabase,
  freePort,
  nodeArgs,
  OtlpReceiver,
  prepareNatsServer,
  REPO_ROOT,
  serviceEnv,
  ServiceProcess,
  SmtpCapture,
  startNatsServer,
  TEST_LOG_DIR,
  type RunningNats,
} from '@vigil/testing';
import { generateSigningKeyPair } from '@vigil/platform-auth';
import { databaseUrlAs } from '@vigil/platform-persistence';
import { NATS_ADMIN, natsAuthorizationConfig, serviceUsers } from '@vigil/platform-messaging';
import { Supervisor, type RestartBackoff, type SupervisedProcessSpec } from '@vigil/platform-supervisor';
import { SERVICES, testNamespace, WORKFLOW_WORKER, type ServiceName } from '../setup/services';

/** The documented demo data (README), seeded by the services' own seed-dev commands. */
export const DEMO = {
  customerId: '0b7d4a52-8f3e-4c2a-b1d6-5e9f0a3c7d11',
  customerEmail: 'it-ops@acme.example',
  environmentKey: 'acme-prod-jira',
  oncallEmail: 'oncall@vigil.test',
  teamLeadEmail: 'team-lead@vigil.test',
  headOfManagedServicesEmail: 'head-of-ms@vigil.test',
  staffEmail: 'lead@vigil.local',
  customerUserEmail: 'portal@acme.example',
} as const;

export type ProcessName = ServiceName | 'workflow-worker';

export interface PlatformOptions {
  services: ServiceName[];
  workflowWorker?: boolean;
  env?: Record<string, string>;
  /**
   * Run nats-server and every Vigil process under the supervisor `npm start`
   * uses (restarted with backoff when they die), instead of as plain child
   * processes the test starts and stops itself.
   */
  supervised?: boolean;
  /** The supervisor's restart backoff (default: as `npm start`), e.g. a longer first wait to keep a killed process down for a while. */
  restartBackoff?: Partial<RestartBackoff>;
  /** Settings for one service only, e.g. its TEMPORAL_ADDRESS through a proxy the test can cut. */
  envFor?: Partial<Record<ServiceName, Record<string, string>>>;
}

/**
 * Vigil as production runs it, for one test file: every service its own OS
 * process against a private database (copied from the migrated template), a
 * private nats-server, a private Temporal namespace, a real SMTP server and an
 * OTLP receiver collecting every process's spans.
 */
export class TestPlatform {
  readonly smtp = new SmtpCapture();
  readonly otlp = new OtlpReceiver();
  readonly monitoringKey = `vgl_${randomBytes(32).toString('base64url')}`;
  readonly staffPassword = `${randomBytes(12).toString('base64url')}-Aa1`;
  readonly staffTotpSecret = randomBytes(20);
  readonly customerUserPassword = `${randomBytes(12).toString('base64url')}-Bb2`;
  /** identity's token signing key: lets security tests mint tokens of any role, expired or foreign. */
  readonly signingKeyPem = generateSigningKeyPair().privateKeyPem;
  /** A password per NATS user (every service, the admin): the platform's nats-server admits only them (decision 0017). */
  private readonly natsPasswords = new Map([...serviceUsers(), NATS_ADMIN].map(({ user }) => [user, randomBytes(18).toString('base64url')]));
  private readonly processes = new Map<ProcessName, ServiceProcess>();
  private readonly ports = new Map<ServiceName, number>();
  /** Each process's Prometheus endpoint (METRICS_PORT), never its API port. */
  private readonly metricsPorts = new Map<ProcessName, number>();
  /** Where notifications listens for replies to ticket emails (TKT-4). */
  inboundSmtpPort = 0;
  private nats!: RunningNats;
  private supervisorOrNull: Supervisor | null = null;
  /** What the supervisor reported (restarts), for a test to show. */
  readonly supervisorLog: string[] = [];
  private database!: Awaited<ReturnType<typeof createTestDatabase>>;
  private env: Record<string, string> = {};
  private temporal: { connection: TemporalConnection; client: TemporalClient } | null = null;

  static async start(options: PlatformOptions): Promise<TestPlatform> {
    const platform = new TestPlatform();
    try {
      await platform.boot(options);
    } catch (error) {
      // Whatever did start (processes, servers, the database copy) stops now: a half-booted
      // platform the test file never gets to stop would outlive jest and keep it from exiting.
      await platform.stop().catch(() => undefined);
      throw error;
    }
    return platform;
  }

  private async boot({ services, workflowWorker = true, env: extraEnv = {}, supervised = false, restartBackoff, envFor = {} }: PlatformOptions): Promise<void> {
    const natsBinary = requiredEnv('VIGIL_TEST_NATS_SERVER_BIN');
    const natsName = `nats-${process.env['JEST_WORKER_ID'] ?? '1'}`;
    this.inboundSmtpPort = await freePort();
    if (supervised) this.supervisorOrNull = new Supervisor({ log: (line) => this.supervisorLog.push(line), backoff: restartBackoff });
    [this.database, this.nats] = await Promise.all([
      createTestDatabase(),
      supervised ? this.startSupervisedNats(natsBinary, natsName) : startNatsServer(natsBinary, natsName, { authorization: this.natsAuthorization() }),
      this.smtp.start(),
      this.otlp.start(),
    ]);
    this.env = {
      DATABASE_URL: this.database.url,
      NATS_URL: this.nats.url,
      TEMPORAL_ADDRESS: requiredEnv('VIGIL_TEST_TEMPORAL_ADDRESS'),
      TEMPORAL_NAMESPACE: testNamespace(),
      OTEL_EXPORTER_OTLP_ENDPOINT: this.otlp.endpoint,
      SMTP_URL: this.smtp.url,
      ONCALL_EMAIL: DEMO.oncallEmail,
      TEAM_LEAD_EMAIL: DEMO.teamLeadEmail,
      HEAD_OF_MANAGED_SERVICES_EMAIL: DEMO.headOfManagedServicesEmail,
      VIGIL_DEMO_MONITORING_KEY: this.monitoringKey,
      VIGIL_DEMO_STAFF_PASSWORD: this.staffPassword,
      VIGIL_DEMO_STAFF_TOTP_SECRET: this.staffTotpSecret.toString('hex'),
      VIGIL_DEMO_CUSTOMER_USER_PASSWORD: this.customerUserPassword,
      IDENTITY_SIGNING_KEY: Buffer.from(this.signingKeyPem).toString('base64'),
      IDENTITY_SECRET_BOX_KEY: randomBytes(32).toString('base64'),
      REPLY_TOKEN_SECRET: randomBytes(32).toString('base64'),
      MONITORING_SECRET_BOX_KEY: randomBytes(32).toString('base64'),
      REPLY_DOMAIN: 'reply.vigil.test',
      INBOUND_SMTP_PORT: String(this.inboundSmtpPort),
      // Every test signs in from 127.0.0.1, many times: the gateway's per-address limits are out of
      // reach here; the limiter's own test (rate-limits.e2e-spec.ts) sets tight ones.
      GATEWAY_RATE_LIMIT_MAX: '1000000',
      GATEWAY_CREDENTIALS_RATE_LIMIT_MAX: '1000000',
      // The date-shifted run moves every process's clock with the tests' (deploy/scripts/test-dates.sh).
      ...(process.env[CLOCK_OFFSET_VARIABLE] ? { [CLOCK_OFFSET_VARIABLE]: process.env[CLOCK_OFFSET_VARIABLE] } : {}),
      ...extraEnv,
    };
    await Promise.all([this.seedDemoData(), terminateLeftoverWorkflows(this.env['TEMPORAL_ADDRESS']!, this.env['TEMPORAL_NAMESPACE']!)]);
    for (const name of services) this.ports.set(name, await freePort());
    for (const name of [...services, ...(workflowWorker ? (['workflow-worker'] as const) : [])]) this.metricsPorts.set(name, await freePort());
    if (this.supervisorOrNull) return this.supervisorOrNull.start(this.supervisedSpecs(services, workflowWorker, envFor));
    for (const name of services) {
      this.processes.set(
        name,
        new ServiceProcess({ name, entry: SERVICES[name].main, healthPort: this.ports.get(name)!, env: { ...this.processEnv(name), ...this.ownEnv(name), ...envFor[name], [SERVICES[name].portVar]: String(this.ports.get(name)) } }),
      );
    }
    if (workflowWorker) {
      this.processes.set('workflow-worker', new ServiceProcess({ name: 'workflow-worker', entry: WORKFLOW_WORKER.main, readyLine: WORKFLOW_WORKER.readyLine, env: this.processEnv('workflow-worker') }));
    }
    await Promise.all([...this.processes.values()].map((p) => p.start()));
  }

  private async startSupervisedNats(binary: string, name: string): Promise<RunningNats> {
    const prepared = await prepareNatsServer(binary, { authorization: this.natsAuthorization() });
    await this.supervisor.start([
      { name: 'nats-server', command: prepared.command, args: prepared.args, env: { PATH: process.env['PATH'] }, logFile: join(TEST_LOG_DIR, `${name}.log`), readiness: { port: prepared.port } },
    ]);
    // The supervisor stops it with everything else; the store goes once it has.
    return { url: prepared.url, stop: async () => prepared.cleanUp() };
  }

  private supervisedSpecs(services: ServiceName[], workflowWorker: boolean, envFor: PlatformOptions['envFor'] = {}): SupervisedProcessSpec[] {
    const spec = (name: ProcessName, entry: string, env: Record<string, string>, readiness: SupervisedProcessSpec['readiness']): SupervisedProcessSpec => ({
      name,
      command: process.execPath,
      args: nodeArgs(entry),
      env: serviceEnv(name, env),
      cwd: REPO_ROOT,
      logFile: join(TEST_LOG_DIR, `${name}.log`),
      readiness,
    });
    return [
      ...services.map((name) =>
        spec(name, SERVICES[name].main, { ...this.processEnv(name), ...this.ownEnv(name), ...envFor[name], [SERVICES[name].portVar]: String(this.ports.get(name)) }, { httpUrl: `${this.url(name)}/health/ready` }),
      ),
      ...(workflowWorker ? [spec('workflow-worker', WORKFLOW_WORKER.main, this.processEnv('workflow-worker'), { outputIncludes: WORKFLOW_WORKER.readyLine })] : []),
    ];
  }

  private natsAuthorization(): string {
    return natsAuthorizationConfig([...serviceUsers(), NATS_ADMIN], (user) => ({ literal: this.natsPasswords.get(user)! }));
  }

  /** What only this service gets: its own NATS user and its own Postgres role (decision 0017). */
  private ownEnv(service: ServiceName): Record<string, string> {
    const { user, password } = this.natsCredentials(service);
    return { NATS_USER: user, NATS_PASSWORD: password, DATABASE_URL: this.databaseUrlOf(service) };
  }

  /** This platform's database as the service's own role: what the service itself may do there. */
  databaseUrlOf(service: ServiceName): string {
    return databaseUrlAs(this.database.url, SERVICES[service].role);
  }

  /**
   * A NATS user's credentials on this platform: a service's (to act as it, e.g. to show what
   * its permissions refuse) or `vigil-admin` (full access, for tests that inspect or break the broker).
   */
  natsCredentials(user: ServiceName | typeof NATS_ADMIN.user): { user: string; password: string } {
    const password = this.natsPasswords.get(user);
    if (!password) throw new Error(`${user} has no NATS user`);
    return { user, password };
  }

  /** The supervisor of a `supervised` platform: pids, restarts, readiness. */
  get supervisor(): Supervisor {
    if (!this.supervisorOrNull) throw new Error('this platform is not supervised (TestPlatform.start({ supervised: true }))');
    return this.supervisorOrNull;
  }

  private async seedDemoData(): Promise<void> {
    const seeds: Array<[ServiceName, string]> = [
      ['ticketing', 'test/support/seed-ticketing-directory.ts'],
      ['customers', 'services/customers/src/seed-dev.ts'],
      ['monitoring-ingest', 'services/monitoring-ingest/src/seed-dev.ts'],
      ['identity', 'services/identity/src/seed-dev.ts'],
    ];
    await Promise.all(
      seeds.map(([service, entry]) =>
        promisify(execFile)(process.execPath, ['-r', '@swc-node/register', join(REPO_ROOT, entry)], {
          cwd: REPO_ROOT,
          // Each seed as its service's role: it writes only where the service may.
          env: { ...process.env, ...this.env, DATABASE_URL: this.databaseUrlOf(service), SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') },
        }),
      ),
    );
  }

  url(service: ServiceName): string {
    return `http://127.0.0.1:${this.ports.get(service)}`;
  }

  private processEnv(name: ProcessName): Record<string, string> {
    return { ...this.env, METRICS_PORT: String(this.metricsPorts.get(name)) };
  }

  /** Where a process serves its Prometheus metrics. */
  metricsUrl(name: ProcessName): string {
    const port = this.metricsPorts.get(name);
    if (!port) throw new Error(`${name} is not part of this platform`);
    return `http://127.0.0.1:${port}/metrics`;
  }

  /** The file a process's output goes to (shared by the test files that run it: filter by trace or request id). */
  logFile(name: ProcessName): string {
    return join(TEST_LOG_DIR, `${name}.log`);
  }

  process(name: ProcessName): ServiceProcess {
    const p = this.processes.get(name);
    if (!p) throw new Error(`${name} is not part of this platform${this.supervisorOrNull ? ' as a plain process (it is supervised: see `supervisor`)' : ''}`);
    return p;
  }

  /**
   * Stops a (plain, not supervised) service and starts it again on the same port with some settings
   * changed, e.g. identity with a new signing key; the rest of the platform keeps running.
   */
  async restart(name: ServiceName, env: Record<string, string>): Promise<void> {
    await this.process(name).stop();
    const restarted = new ServiceProcess({
      name,
      entry: SERVICES[name].main,
      healthPort: this.ports.get(name)!,
      // As at boot (its own NATS user, Postgres role and metrics port), plus the changed settings.
      env: { ...this.processEnv(name), ...this.ownEnv(name), ...env, [SERVICES[name].portVar]: String(this.ports.get(name)) },
    });
    this.processes.set(name, restarted);
    await restarted.start();
  }

  /** Runs SQL against this test's database (for assertions on what services stored). */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new PgClient({ connectionString: this.database.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** The environment every process of this platform runs with (for running commands against it). */
  get environment(): Record<string, string> {
    return { ...this.env };
  }

  get databaseUrl(): string {
    return this.database.url;
  }

  get temporalNamespace(): string {
    return this.env['TEMPORAL_NAMESPACE']!;
  }

  /** A Temporal client on this platform's namespace, for looking at its workflows and schedules; closed by `stop()`. */
  async temporalClient(): Promise<TemporalClient> {
    if (!this.temporal) {
      const connection = await TemporalConnection.connect({ address: this.env['TEMPORAL_ADDRESS']! });
      this.temporal = { connection, client: new TemporalClient({ connection, namespace: this.temporalNamespace }) };
    }
    return this.temporal.client;
  }

  async stop(): Promise<void> {
    await this.temporal?.connection.close().catch(() => undefined);
    await this.supervisorOrNull?.stop();
    // Settled, not all-or-nothing: after a failed boot some of these never started, and the rest must still stop.
    await Promise.allSettled([...this.processes.values()].map((p) => p.stop('SIGTERM')));
    await Promise.allSettled([this.nats?.stop(), this.smtp.stop(), this.otlp.stop()]);
    await this.database?.drop();
  }
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through jest (its global setup provides it)`);
  return value;
}

/**
 * Namespaces are reused by the test files of a jest worker: workflows an
 * earlier file left running (e.g. started without a worker) would otherwise
 * be picked up by this file's worker and send their emails here.
 */
async function terminateLeftoverWorkflows(address: string, namespace: string): Promise<void> {
  const connection = await TemporalConnection.connect({ address });
  try {
    const client = new TemporalClient({ connection, namespace });
    for await (const workflow of client.workflow.list({ query: 'ExecutionStatus = "Running"' })) {
      await client.workflow
        .getHandle(workflow.workflowId, workflow.runId)
        .terminate('left over by an earlier test file')
        .catch(() => undefined); // finished meanwhile
    }
  } finally {
    await connection.close();
  }
}
