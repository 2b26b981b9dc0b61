/**
 * The foreground half of `npm start` (deploy/scripts/start.sh prepares the
 * environment, the database and the configuration, then execs this): runs
 * nats-server, the Temporal dev server, the dev mailbox, every service and the
 * workflow worker under one supervisor. A process that dies is restarted with
 * backoff and the restart is logged; Ctrl-C or SIGTERM stops everything.
 * Why a supervisor of our own: docs/decisions/0013-process-supervision.md.
 */
import { join } from 'node:path';
import { Supervisor, type SupervisedProcessSpec } from '@vigil/platform-supervisor';
import { natsPasswordVariable } from '@vigil/platform-messaging';
import { databaseUrlAs, defaultServiceRole } from '@vigil/platform-persistence';
import { VIGIL_SERVICES } from '../access/service-access';

const env = process.env;
const required = (name: string): string => {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set (run \`npm start\`, not this file)`);
  return value;
};
const repoRoot = join(__dirname, '../..');
const stateDir = join(repoRoot, '.vigil');
const logFile = (name: string) => join(stateDir, 'logs', `${name}.log`);
const say = (line: string) => process.stderr.write(`\x1b[1mvigil:\x1b[0m ${line}\n`);

const PORT_VARIABLES: Record<(typeof VIGIL_SERVICES)[number]['name'], string> = {
  identity: 'IDENTITY_PORT',
  'monitoring-ingest': 'MONITORING_INGEST_PORT',
  ticketing: 'TICKETING_PORT',
  notifications: 'NOTIFICATIONS_PORT',
  customers: 'CUSTOMERS_PORT',
  'api-gateway': 'API_GATEWAY_PORT',
};

/** A service's own credentials (decision 0017): its NATS user, its Postgres role. Nobody else gets them. */
function ownCredentials(name: string, schema: string): Record<string, string> {
  return { NATS_USER: name, NATS_PASSWORD: required(natsPasswordVariable(name)), DATABASE_URL: databaseUrlAs(required('DATABASE_URL'), defaultServiceRole(schema)) };
}

/** Every process gets the shared settings, not the other users' passwords. */
const sharedEnv = Object.fromEntries(Object.entries(env).filter(([name]) => !/_NATS_PASSWORD$/.test(name)));

/** Each process's metrics listener (deploy/scripts/start.sh sets the ports; README lists them). */
const metricsPortVar = (name: string) => `${name.toUpperCase().replace(/-/g, '_')}_METRICS_PORT`;

/** VIGIL_CPU_PROFILE=monitoring-ingest,ticketing: those processes write a V8 CPU profile to .vigil/profiles/<name>/ when they stop (docs/performance.md). */
const profiled = new Set((env['VIGIL_CPU_PROFILE'] ?? '').split(',').filter(Boolean));
const profileArgs = (name: string) => (profiled.has(name) ? ['--cpu-prof', `--cpu-prof-dir=${join(stateDir, 'profiles', name)}`] : []);

/** A Vigil process as production runs it: TypeScript through SWC, OpenTelemetry loaded first. */
function vigilProcess(name: string, entry: string, readiness: SupervisedProcessSpec['readiness'], own: Record<string, string> = {}): SupervisedProcessSpec {
  return {
    name,
    command: process.execPath,
    args: [...profileArgs(name), '-r', '@swc-node/register', '-r', './libs/platform/observability/src/instrumentation.ts', entry],
    env: { ...sharedEnv, ...own, OTEL_SERVICE_NAME: name, METRICS_PORT: required(metricsPortVar(name)) },
    cwd: repoRoot,
    logFile: logFile(name),
    readiness,
  };
}

const infrastructure: SupervisedProcessSpec[] = [
  {
    name: 'nats-server',
    command: required('NATS_SERVER_BIN'),
    args: ['-c', join(stateDir, 'nats-server.conf')],
    env: sharedEnv,
    logFile: logFile('nats-server'),
    readiness: { port: Number(required('NATS_PORT')) },
  },
  {
    name: 'temporal',
    command: required('TEMPORAL_BIN'),
    args: ['server', 'start-dev', '--ip', '127.0.0.1', '--port', required('TEMPORAL_PORT'), '--ui-port', required('TEMPORAL_UI_PORT'),
      '--db-filename', join(stateDir, 'temporal.db'), '--log-level', 'warn',
      // SQLite's default rollback journal syncs and recreates a journal file per transaction; WAL syncs at checkpoints (decision 0030).
      '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'],
    env: sharedEnv,
    logFile: logFile('temporal'),
    readiness: { port: Number(required('TEMPORAL_PORT')) },
  },
  {
    name: 'mailbox',
    command: process.execPath,
    args: ['-r', '@swc-node/register', 'deploy/dev/dev-mailbox.ts'],
    env: sharedEnv,
    cwd: repoRoot,
    logFile: logFile('mailbox'),
    readiness: { port: Number(required('DEV_MAILBOX_PORT')) },
  },
];

const vigil: SupervisedProcessSpec[] = [
  ...VIGIL_SERVICES.map(({ name, schema }) =>
    vigilProcess(name, `services/${name}/src/main.ts`, { httpUrl: `http://127.0.0.1:${required(PORT_VARIABLES[name])}/health/ready` }, ownCredentials(name, schema)),
  ),
  vigilProcess('workflow-worker', 'workflows/worker/src/main.ts', { outputIncludes: 'polling' }),
];

const supervisor = new Supervisor({ log: say });

// npm forwards SIGINT and SIGTERM to its script, and a Ctrl-C reaches this
// process from the terminal as well: the second copy of a signal must not turn
// a graceful stop into a kill. The supervisor SIGKILLs whatever outlasts its grace period.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (supervisor.isStopping) return;
    say(`${signal}: stopping every process`);
    void supervisor.stop().then(() => {
      say('stopped');
      process.exit(0);
    });
  });
}

async function main(): Promise<void> {
  say('starting nats-server, Temporal and the dev mailbox');
  await supervisor.start(infrastructure);
  say('starting the services and the workflow worker');
  await supervisor.start(vigil);
  process.stderr.write(banner());
}

main().catch(async (error: Error) => {
  if (supervisor.isStopping) return; // a signal arrived while starting
  say(`${error.message}; stopping`);
  await supervisor.stop();
  process.exit(1);
});

function banner(): string {
  return `
  Vigil is up (logs in .vigil/logs, demo credentials in .vigil/dev.env):

    api-gateway        http://127.0.0.1:${env['API_GATEWAY_PORT']}/v1/tickets   (sign in: POST /v1/auth/sign-in, see README)
    monitoring-ingest  http://127.0.0.1:${env['MONITORING_INGEST_PORT']}/v1/alerts/alertmanager   (Bearer $VIGIL_DEMO_MONITORING_KEY)
    ticketing          http://127.0.0.1:${env['TICKETING_PORT']}/health
    notifications      http://127.0.0.1:${env['NOTIFICATIONS_PORT']}/health
    customers          http://127.0.0.1:${env['CUSTOMERS_PORT']}/health
    identity           http://127.0.0.1:${env['IDENTITY_PORT']}/health
    Temporal UI        http://127.0.0.1:${env['TEMPORAL_UI_PORT']}
    NATS               ${env['NATS_URL']}
    mail               .vigil/mail/ (SMTP on 127.0.0.1:${env['DEV_MAILBOX_PORT']})
    email replies      SMTP on 127.0.0.1:${env['INBOUND_SMTP_PORT'] ?? 2525} (reply to a ticket email's Reply-To address)
    metrics            ${[...VIGIL_SERVICES.map((s) => s.name), 'workflow-worker'].map((name) => `${name} :${env[metricsPortVar(name)]}`).join(', ')}  (GET /metrics)
    traces             ${env['OTEL_EXPORTER_OTLP_ENDPOINT'] ? `exported to ${env['OTEL_EXPORTER_OTLP_ENDPOINT']}` : 'not exported (set OTEL_EXPORTER_OTLP_ENDPOINT, see README)'}

  A process that dies is restarted (see the lines above and .vigil/logs). Ctrl-C stops everything.
`;
}
