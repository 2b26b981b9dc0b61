import type { WorkflowHandle } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';

/** How long Temporal held a run's first workflow task back (its start delay), from the start event, in ms; 0 when not at all. */
export async function firstWorkflowTaskBackoffMs(handle: WorkflowHandle): Promise<number> {
  const started = (await handle.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
  return optionalTsToMs(started?.firstWorkflowTaskBackoff) ?? 0;
}
