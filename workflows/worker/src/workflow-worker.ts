import { resolve } from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks } from '@temporalio/worker';
import { WORKFLOW_TASK_QUEUE } from '@vigil/workflow-contracts';
import { counter, createTraceExporter, exporterForTemporalWorkflowSpans, serviceResource } from '@vigil/platform-observability';
import type { WorkflowMetricsSinks } from './workflow-metrics-interceptors';
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

const workflowRuns = counter({
  name: 'vigil_temporal_workflow_executions_total',
  help: 'Workflow runs on this worker by workflow type and outcome: started, completed, failed, cancelled, continued_as_new',
  labelNames: ['workflow_type', 'outcome'],
});

const metricsSinks: InjectedSinks<WorkflowMetricsSinks> = {
  workflowMetrics: { outcome: { fn: (info, outcome) => workflowRuns.inc({ workflow_type: info.workflowType, outcome }), callDuringReplay: false } },
};

type WorkflowSpanExporter = Parameters<typeof makeWorkflowExporter>[0];
type WorkflowSpanResource = Parameters<typeof makeWorkflowExporter>[1];

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
    interceptors: {
      workflowModules: [require.resolve('./workflow-metrics-interceptors'), ...(exporter ? [require.resolve('./workflow-interceptors')] : [])],
    },
    sinks: {
      ...metricsSinks,
      // Temporal's sink speaks the OpenTelemetry 1.x span shape; the adapter hands the 3.x exporter what it reads (decision 0019).
      ...(exporter
        ? { exporter: makeWorkflowExporter(exporterForTemporalWorkflowSpans(exporter) as unknown as WorkflowSpanExporter, serviceResource() as unknown as WorkflowSpanResource) }
        : {}),
    },
  });
  return { worker, connection };
}
