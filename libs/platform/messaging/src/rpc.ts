import { Logger } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Static, TSchema } from '@sinclair/typebox';
import { violations, type RpcReply } from '@vigil/contracts';
import { currentRequestId, currentTraceCarrier, inSpan, REQUEST_ID_HEADER, runWithRequestId, SpanKind } from '@vigil/platform-observability';
import { headers as natsHeaders } from '@nats-io/transport-node';

/** A failure the caller should see as-is (e.g. NOT_FOUND), as opposed to an internal error. */
export class RpcError extends Error {
  /** `details` travel to the caller (e.g. the statuses a ticket may move to); never put internals there. */
  constructor(readonly code: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'RpcError';
  }
}

/**
 * Serves a request/reply subject in the service's queue group (rule 7). The
 * request is validated against its schema; errors become `{ ok: false }`
 * replies with a code, never a stack trace.
 */
export function serveRequests<S extends TSchema, R>(
  nc: NatsConnection,
  subject: string,
  queue: string,
  schema: S,
  handler: (request: Static<S>) => Promise<R>,
): Subscription {
  const log = new Logger(`Rpc:${subject}`);
  return nc.subscribe(subject, {
    queue,
    callback: (err, msg) => {
      if (err) return log.warn(err.message);
      const carrier: Record<string, string> = {};
      const traceparent = msg.headers?.get('traceparent');
      if (traceparent) carrier['traceparent'] = traceparent;
      const requestId = msg.headers?.get(REQUEST_ID_HEADER) || undefined;
      void runWithRequestId(requestId, () => inSpan(`serve ${subject}`, async () => {
        let reply: RpcReply<R>;
        try {
          const request = msg.json<unknown>();
          const problems = violations(schema, request);
          if (problems.length > 0) throw new RpcError('INVALID_REQUEST', problems.join('; '));
          reply = { ok: true, data: await handler(request as Static<S>) };
        } catch (error) {
          if (error instanceof RpcError) reply = { ok: false, error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
          else {
            log.error(`request failed: ${(error as Error).message}`);
            reply = { ok: false, error: { code: 'INTERNAL', message: 'internal error' } };
          }
        }
        msg.respond(JSON.stringify(reply));
      }, { carrier, kind: SpanKind.SERVER }));
    },
  });
}

/** Sends a request with a deadline and the current trace context; rejects with RpcError on an error reply. */
export async function requestReply<T>(nc: NatsConnection, subject: string, payload: unknown, timeoutMs = 5_000): Promise<T> {
  const h = natsHeaders();
  for (const [key, value] of Object.entries(currentTraceCarrier())) h.set(key, value);
  const requestId = currentRequestId();
  if (requestId) h.set(REQUEST_ID_HEADER, requestId);
  const msg = await nc.request(subject, JSON.stringify(payload), { timeout: timeoutMs, headers: h });
  const reply = msg.json<RpcReply<T>>();
  if (!reply.ok) throw new RpcError(reply.error.code, reply.error.message, reply.error.details);
  return reply.data;
}

