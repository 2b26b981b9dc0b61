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
  OtlpReceiver,
  REPO_ROOT,
  ServiceProcess,
  SmtpCapture,
  startNatsServer,
  type RunningNats,
} from '@vigil/testing';
import { generateSigningKeyPair } from '@vigil/platform-auth';
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

type ProcessName = ServiceName | 'workflow-worker';

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
  private readonly processes = new Map<ProcessName, ServiceProcess>();
  private readonly ports = new Map<ServiceName, number>();
  /** Where notifications listens for replies to ticket emails (TKT-4). */
  inboundSmtpPort = 0;
  private nats!: RunningNats;
  private database!: Awaited<ReturnType<typeof createTestDatabase>>;
  private env: Record<string, string> = {};

  static async start(options: {
    services: ServiceName[];
    workflowWorker?: boolean;
    env?: Record<string, string>;
    /** Settings for one service only, e.g. its TEMPORAL_ADDRESS through a proxy the test can cut. */
    serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  }): Promise<TestPlatform> {
    const platform = new TestPlatform();
    await platform.boot(options.services, options.workflowWorker ?? true, options.env ?? {}, options.serviceEnv ?? {});
    return platform;
  }

  private async boot(
    services: ServiceName[],
    workflowWorker: boolean,
    extraEnv: Record<string, string>,
    serviceEnv: Partial<Record<ServiceName, Record<string, string>>>,
  ): Promise<void> {
    const natsBinary = requiredEnv('VIGIL_TEST_NATS_SERVER_BIN');
    this.inboundSmtpPort = await freePort();
    [this.database, this.nats] = await Promise.all([createTestDatabase(), startNatsServer(natsBinary, `nats-${process.env['JEST_WORKER_ID'] ?? '1'}`), this.smtp.start(), this.otlp.start()]);
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
      // The date-shifted run moves every process's clock with the tests' (deploy/scripts/test-dates.sh).
      ...(process.env[CLOCK_OFFSET_VARIABLE] ? { [CLOCK_OFFSET_VARIABLE]: process.env[CLOCK_OFFSET_VARIABLE] } : {}),
      ...extraEnv,
    };
    await Promise.all([this.seedDemoData(), terminateLeftoverWorkflows(this.env['TEMPORAL_ADDRESS']!, this.env['TEMPORAL_NAMESPACE']!)]);
    for (const name of services) this.ports.set(name, await freePort());
    for (const name of services) {
      this.processes.set(
        name,
        new ServiceProcess({ name, entry: SERVICES[name].main, healthPort: this.ports.get(name)!, env: { ...this.env, ...serviceEnv[name], [SERVICES[name].portVar]: String(this.ports.get(name)) } }),
      );
    }
    if (workflowWorker) {
      this.processes.set('workflow-worker', new ServiceProcess({ name: 'workflow-worker', entry: WORKFLOW_WORKER.main, readyLine: WORKFLOW_WORKER.readyLine, env: this.env }));
    }
    await Promise.all([...this.processes.values()].map((p) => p.start()));
  }

  private async seedDemoData(): Promise<void> {
    const seeds = ['services/ticketing/src/seed-dev.ts', 'services/monitoring-ingest/src/seed-dev.ts', 'services/identity/src/seed-dev.ts'];
    await Promise.all(
      seeds.map((entry) =>
        promisify(execFile)(process.execPath, ['-r', '@swc-node/register', join(REPO_ROOT, entry)], {
          cwd: REPO_ROOT,
          env: { ...process.env, ...this.env, SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') },
        }),
      ),
    );
  }

  url(service: ServiceName): string {
    return `http://127.0.0.1:${this.ports.get(service)}`;
  }

  process(name: ProcessName): ServiceProcess {
    const p = this.processes.get(name);
    if (!p) throw new Error(`${name} is not part of this platform`);
    return p;
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

  async stop(): Promise<void> {
    await Promise.all([...this.processes.values()].map((p) => p.stop('SIGTERM')));
    await Promise.all([this.nats?.stop(), this.smtp.stop(), this.otlp.stop()]);
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
