import { resolve } from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { WORKFLOW_TASK_QUEUE } from '@vigil/workflow-contracts';
import { createTraceExporter, serviceResource } from '@vigil/platform-observability';
import { installRuntimeOnce } from '@vigil/platform-temporal';
import { workflowBundleAliases } from './bundle-aliases';

const TSCONFIG = resolve(__dirname, '../../../tsconfig.base.json');

/** Where the workflow bundle comes from; shared with the workflow tests so they run the same bundle. */
export function workflowBundle() {
  const aliases = workflowBundleAliases(TSCONFIG);
  return {
    workflowsPath: require.resolve('./workflows'),
    bundlerOptions: {
      webpackConfigHook: (config: WebpackConfiguration) => ({ ...config, resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...aliases } } }),
    },
  };
}
type WebpackConfiguration = NonNullable<NonNullable<WorkerOptions['bundlerOptions']>['webpackConfigHook']> extends (c: infer C) => unknown ? C : never;

/**
 * The worker that runs every Vigil workflow on WORKFLOW_TASK_QUEUE. It runs no
 * activities itself: those live in the service that owns the data they touch.
 */
export async function createWorkflowWorker(options: { address: string; namespace: string; taskQueue?: string }) {
  installRuntimeOnce();
  const connection = await NativeConnection.connect({ address: options.address });
  const exporter = createTraceExporter();
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? WORKFLOW_TASK_QUEUE,
    ...workflowBundle(),
    ...(exporter
      ? {
          interceptors: { workflowModules: [require.resolve('./workflow-interceptors')] },
          sinks: { exporter: makeWorkflowExporter(exporter, serviceResource()) },
        }
      : {}),
  });
  return { worker, connection };
}
