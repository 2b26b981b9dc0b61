import { Client, Connection } from '@temporalio/client';
import { performance } from 'node:perf_hooks';
import { NativeConnection, Runtime, Worker, DefaultLogger, type ActivityInboundCallsInterceptor } from '@temporalio/worker';
import type { Context as ActivityContext } from '@temporalio/activity';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { histogram, rootLogger } from '@vigil/platform-observability';

const PINO_LEVEL = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

let runtimeInstalled = false;
/** Keeps the Rust core's own logging at WARN so it does not drown service logs, and writes it as JSON like everything else. */
function installRuntimeOnce(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    const logger = rootLogger().child({ context: 'Temporal' });
    Runtime.install({ logger: new DefaultLogger('WARN', ({ level, message, meta }) => logger[PINO_LEVEL[level]]({ ...meta }, message)) });
  } catch {
    // Already installed by another part of the process.
  }
}

const activityDuration = histogram({
  name: 'vigil_temporal_activity_duration_seconds',
  help: 'Activity executions of this service\'s workers, by activity type and outcome (completed, failed); the count of failed ones is the failure rate',
  labelNames: ['activity_type', 'outcome'],
});

/** Times each activity and counts its failures (a failed attempt Temporal will retry counts too). */
class ActivityMetricsInterceptor implements ActivityInboundCallsInterceptor {
  constructor(private readonly ctx: ActivityContext) {}

  async execute(input: Parameters<NonNullable<ActivityInboundCallsInterceptor['execute']>>[0], next: Parameters<NonNullable<ActivityInboundCallsInterceptor['execute']>>[1]): Promise<unknown> {
    const started = performance.now();
    let outcome = 'completed';
    try {
      return await next(input);
    } catch (error) {
      outcome = 'failed';
      throw error;
    } finally {
      activityDuration.observe({ activity_type: this.ctx.info.activityType, outcome }, (performance.now() - started) / 1000);
    }
  }
}

/** A Temporal client whose starts and signals carry the caller's trace context. */
export async function createTemporalClient(address: string, namespace: string): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address });
  const client = new Client({
    connection,
    namespace,
    interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
  });
  return { client, connection };
}

/**
 * An activity worker on the service's own task queue: activities touch only
 * that service's data (ARCHITECTURE: workflows/). Each activity continues the
 * workflow's trace.
 */
export async function createActivityWorker(options: {
  address: string;
  namespace: string;
  taskQueue: string;
  activities: object;
}): Promise<{ worker: Worker; connection: NativeConnection }> {
  installRuntimeOnce();
  // Every declared activity has its series from the start, so a failure rate reads 0 rather than nothing.
  for (const activityType of Object.keys(options.activities)) {
    for (const outcome of ['completed', 'failed']) activityDuration.zero({ activity_type: activityType, outcome });
  }
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    interceptors: {
      activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx) }), (ctx) => ({ inbound: new ActivityMetricsInterceptor(ctx) })],
    },
  });
  return { worker, connection };
}

export { installRuntimeOnce };
