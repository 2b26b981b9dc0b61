import { AsyncLocalStorage } from 'node:async_hooks';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';

/**
 * The id of the API request that caused the current work, carried from the
 * gateway through NATS request/reply so audit entries name it (ACC-1).
 */
const storage = new AsyncLocalStorage<{ requestId: string }>();

export const REQUEST_ID_HEADER = 'vigil-request-id';

export function runWithRequestId<T>(requestId: string | undefined, work: () => T): T {
  return requestId ? storage.run({ requestId }, work) : work();
}

export function currentRequestId(): string | null {
  return storage.getStore()?.requestId ?? null;
}

/**
 * Runs `work` outside any request and trace: for shared work a request only
 * happens to start (a batch timer, a cache refresh), whose statements, RPCs
 * and log lines must not name that one request.
 */
export function outsideAnyRequest<T>(work: () => T): T {
  return storage.exit(() => context.with(ROOT_CONTEXT, work));
}
