import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, DefaultLogger } from '@temporalio/worker';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';

let runtimeInstalled = false;
/** Keeps the Rust core's own logging at WARN so it does not drown service logs. */
function installRuntimeOnce(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by another part of the process.
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
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    interceptors: { activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx) })] },
  });
  return { worker, connection };
}

export { installRuntimeOnce };
