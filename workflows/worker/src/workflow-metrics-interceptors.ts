import {
  ContinueAsNew,
  isCancellation,
  proxySinks,
  type Next,
  type Sinks,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';

/** How a workflow run ended (or that it started), told to the worker outside the sandbox, which counts it. */
export type WorkflowOutcome = 'started' | 'completed' | 'failed' | 'cancelled' | 'continued_as_new';

export interface WorkflowMetricsSinks extends Sinks {
  workflowMetrics: { outcome(outcome: WorkflowOutcome): void };
}

const { workflowMetrics } = proxySinks<WorkflowMetricsSinks>();

/** Sinks are not called again when a run is replayed, so each run counts once. */
class WorkflowOutcomeInterceptor implements WorkflowInboundCallsInterceptor {
  async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    workflowMetrics.outcome('started');
    try {
      const result = await next(input);
      workflowMetrics.outcome('completed');
      return result;
    } catch (error) {
      workflowMetrics.outcome(error instanceof ContinueAsNew ? 'continued_as_new' : isCancellation(error) ? 'cancelled' : 'failed');
      throw error;
    }
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new WorkflowOutcomeInterceptor()] });
