/**
 * What the workflow-command relay (ARCHITECTURE rule 7a) tells every workflow
 * it starts, as Temporal memo fields: read in the workflow with
 * `workflowInfo().memo`, deterministic on replay.
 */
export interface WorkflowCommandMemo {
  /**
   * How long the command waited in its service's outbox before the relay
   * sent it: database time, from its commit to the relay's claim, so no
   * service clock (nor its offset) enters. A wait planned at commit is this
   * much shorter by the time the workflow starts.
   */
  queuedForMs: number;
}

/** The memo's queuedForMs, 0 when absent (a run not started by the relay, or by an older relay). */
export function queuedForMsOf(memo: Record<string, unknown> | undefined): number {
  const value = memo?.['queuedForMs'];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
