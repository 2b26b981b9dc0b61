import { Logger } from '@nestjs/common';
import { headers as natsHeaders, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { DomainError, RpcErrorCode, violations, type Caller, type RequestOf, type ResponseOf, type RpcContract, type RpcReply } from '@vigil/contracts';
import type { Clock } from '@vigil/platform-clock';
import { performance } from 'node:perf_hooks';
import { currentRequestId, currentTraceCarrier, histogram, inSpan, REQUEST_ID_HEADER, runWithRequestId, SpanKind } from '@vigil/platform-observability';

const serverDuration = histogram({
  name: 'vigil_rpc_server_duration_seconds',
  help: 'NATS requests answered, by subject and outcome (ok or the error code replied)',
  labelNames: ['subject', 'outcome'],
});
const clientDuration = histogram({
  name: 'vigil_rpc_client_duration_seconds',
  help: 'NATS requests sent and their answer awaited, by subject and outcome (ok, the error code, timeout, no_responders)',
  labelNames: ['subject', 'outcome'],
});

/** Epoch milliseconds after which the caller no longer waits for the answer (rule 7: requests carry their deadline). */
export const DEADLINE_HEADER = 'Vigil-Deadline';

/** An error reply as the caller receives it: the code the service answered with, its message and details. */
export class RpcError extends Error {
  constructor(readonly code: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'RpcError';
  }
}

export interface ServeOptions {
  /** The service's queue group: its name (rule 7). */
  queue: string;
  clock: Clock;
  /** Whether an error means a dependency (the database) is unreachable: answered UNAVAILABLE so callers back off. */
  isUnavailable?: (error: unknown) => boolean;
}

/**
 * Serves one contract in the service's queue group. Before the handler runs:
 * a request past its deadline is dropped (the caller gave up and may have
 * retried), the request must match its schema, and the caller's kind must be
 * one the contract allows. Errors become `{ ok: false }` replies with a code
 * (mapped once here), never a stack trace.
 */
export function serveContract<C extends RpcContract>(nc: NatsConnection, contract: C, handler: (request: RequestOf<C>) => Promise<ResponseOf<C>>, options: ServeOptions): Subscription {
  const log = new Logger(`Rpc:${contract.subject}`);
  return nc.subscribe(contract.subject, {
    queue: options.queue,
    callback: (err, msg) => {
      if (err) return log.warn(err.message);
      const deadline = deadlineOf(msg);
      if (deadline !== null && deadline <= options.clock.nowMs()) {
        // Not executed: the caller stopped waiting, so doing it now could only surprise them.
        log.warn(`dropped a request ${options.clock.nowMs() - deadline} ms past its deadline`);
        return;
      }
      const requestId = msg.headers?.get(REQUEST_ID_HEADER) || undefined;
      const started = performance.now();
      void runWithRequestId(requestId, () => inSpan(`serve ${contract.subject}`, async () => {
        const reply = await answer(contract, msg, handler, options, log);
        msg.respond(JSON.stringify(reply));
        serverDuration.observe({ subject: contract.subject, outcome: reply.ok ? 'ok' : reply.error.code }, (performance.now() - started) / 1000);
      }, { carrier: traceCarrierOf(msg), kind: SpanKind.SERVER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': contract.subject } }));
    },
  });
}

async function answer<C extends RpcContract>(contract: C, msg: Msg, handler: (request: RequestOf<C>) => Promise<ResponseOf<C>>, options: ServeOptions, log: Logger): Promise<RpcReply<ResponseOf<C>>> {
  try {
    const request = msg.json<unknown>();
    const problems = violations(contract.request, request);
    if (problems.length > 0) throw new DomainError(RpcErrorCode.InvalidRequest, problems.join('; '));
    const { caller } = request as { caller: Caller };
    if (!contract.callers.includes(caller.kind)) throw new DomainError(RpcErrorCode.Forbidden, `${contract.subject} is not for ${caller.kind} callers`);
    return { ok: true, data: await handler(request as RequestOf<C>) };
  } catch (error) {
    return errorReply(error, options, log);
  }
}

/** The one mapping of failures to RPC reply codes. */
export function errorReply(error: unknown, options: Pick<ServeOptions, 'isUnavailable'>, log: Logger): RpcReply<never> {
  if (error instanceof DomainError || error instanceof RpcError) {
    return { ok: false, error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
  }
  if (options.isUnavailable?.(error)) {
    log.warn(`dependency unavailable: ${(error as Error).message}`);
    return { ok: false, error: { code: RpcErrorCode.Unavailable, message: 'a dependency of the service is unavailable; retry later' } };
  }
  log.error(`request failed: ${(error as Error).message}`);
  return { ok: false, error: { code: RpcErrorCode.Internal, message: 'internal error' } };
}

function deadlineOf(msg: Msg): number | null {
  const value = Number(msg.headers?.get(DEADLINE_HEADER));
  return Number.isFinite(value) && value > 0 ? value : null;
}

function traceCarrierOf(msg: Msg): Record<string, string> {
  const traceparent = msg.headers?.get('traceparent');
  return traceparent ? { traceparent } : {};
}

export interface RequestOptions {
  timeoutMs?: number;
  /** Stamps the deadline; the platform's clock, so services shifted by the same offset agree on it. */
  clock: Clock;
}

/**
 * Sends a request with its deadline and the current trace context and returns
 * the contract's response type; rejects with RpcError on an error reply.
 */
export async function requestReply<C extends RpcContract>(nc: NatsConnection, contract: C, request: RequestOf<C>, options: RequestOptions): Promise<ResponseOf<C>> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const started = performance.now();
  let outcome = 'ok';
  try {
    // A client span: the server's span becomes its child, and the wait for the answer is visible in the trace.
    return await inSpan(`request ${contract.subject}`, async () => {
      const h = natsHeaders();
      for (const [key, value] of Object.entries(currentTraceCarrier())) h.set(key, value);
      const requestId = currentRequestId();
      if (requestId) h.set(REQUEST_ID_HEADER, requestId);
      h.set(DEADLINE_HEADER, String(options.clock.nowMs() + timeoutMs));
      const msg = await nc.request(contract.subject, JSON.stringify(request), { timeout: timeoutMs, headers: h });
      const reply = msg.json<RpcReply<ResponseOf<C>>>();
      if (!reply.ok) throw new RpcError(reply.error.code, reply.error.message, reply.error.details);
      return reply.data;
    }, { kind: SpanKind.CLIENT, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': contract.subject } });
  } catch (error) {
    outcome = error instanceof RpcError ? error.code : transportOutcome(error);
    throw error;
  } finally {
    clientDuration.observe({ subject: contract.subject, outcome }, (performance.now() - started) / 1000);
  }
}

/** Few, fixed values: an error message must not become a label. */
function transportOutcome(error: unknown): string {
  const text = `${(error as Error).name} ${(error as Error).message}`;
  if (/timeout/i.test(text)) return 'timeout';
  if (/no ?responders|503/i.test(text)) return 'no_responders';
  return 'transport_error';
}
