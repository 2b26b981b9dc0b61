import { resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { bundleWorkflowCode, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks } from '@temporalio/worker';
import { PAGES_WORKFLOW_TASK_QUEUE, WORKFLOW_TASK_QUEUE } from '@vigil/workflow-contracts';
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
 * The workers that run every Vigil workflow: one polls WORKFLOW_TASK_QUEUE,
 * one PAGES_WORKFLOW_TASK_QUEUE (outages, MON-3), so a page's workflow task
 * never waits behind routine ones. Both run the same bundle, built once, and
 * every workflow type (a run keeps the queue it was started on). They run no
 * activities: those live in the service that owns the data they touch.
 */
export async function createWorkflowWorkers(options: { address: string; namespace: string }) {
  installRuntimeOnce();
  const connection = await NativeConnection.connect({ address: options.address });
  const exporter = createTraceExporter();
  const { workflowsPath, bundlerOptions } = workflowBundle();
  const bundle = await bundleWorkflowCode({
    logger: Runtime.instance().logger,
    workflowsPath,
    webpackConfigHook: bundlerOptions.webpackConfigHook,
    workflowInterceptorModules: [require.resolve('./workflow-metrics-interceptors'), ...(exporter ? [require.resolve('./workflow-interceptors')] : [])],
  });
  const sinks = {
    ...metricsSinks,
    // Temporal's sink speaks the OpenTelemetry 1.x span shape; the adapter hands the 3.x exporter what it reads (decision 0019).
    ...(exporter
      ? { exporter: makeWorkflowExporter(exporterForTemporalWorkflowSpans(exporter) as unknown as WorkflowSpanExporter, serviceResource() as unknown as WorkflowSpanResource) }
      : {}),
  };
  // Each worker would size its workflow cache from the whole heap: they share it, a tenth for pages.
  const cache = cachedWorkflowsForHeap();
  const pagesCache = Math.max(10, Math.floor(cache / 10));
  const workerFor = (taskQueue: string, maxCachedWorkflows: number) =>
    Worker.create({ connection, namespace: options.namespace, taskQueue, workflowBundle: bundle, sinks, maxCachedWorkflows });
  const [routine, pages] = await Promise.all([workerFor(WORKFLOW_TASK_QUEUE, Math.max(10, cache - pagesCache)), workerFor(PAGES_WORKFLOW_TASK_QUEUE, pagesCache)]);
  return { routine, pages, connection };
}

/** The SDK's default workflow cache for one worker with a reused V8 context (600 per GiB of heap above 200 MiB, at least 10). */
function cachedWorkflowsForHeap(): number {
  const heapMiB = getHeapStatistics().heap_size_limit / 1024 / 1024;
  return Math.max(Math.floor((Math.max(heapMiB - 200, 0) * 600) / 1024), 10);
}
