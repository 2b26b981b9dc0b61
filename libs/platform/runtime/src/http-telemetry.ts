import { performance } from 'node:perf_hooks';
import { context, trace, type Context } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger as PinoLogger } from 'pino';
import { contextFromCarrier, currentTraceIds, histogram, type TraceCarrier } from '@vigil/platform-observability';

const requestDuration = histogram({
  name: 'vigil_http_server_request_duration_seconds',
  help: 'HTTP requests served, by route template (not the raw URL), method and status code',
  labelNames: ['method', 'route', 'status_code'],
});

/** Requests no route matched share one series, so scanners cannot mint new ones. */
const UNMATCHED = 'unmatched';
const QUIET_ROUTES = new Set(['/health/live', '/health/ready']);

interface RequestTelemetry {
  startedAt: number;
  route: string;
  traceId?: string;
  spanId?: string;
}
const telemetry = new WeakMap<FastifyRequest, RequestTelemetry>();

/**
 * Per request: the caller's trace context when no HTTP instrumentation runs,
 * the route template on the HTTP server span (`http.route`, and
 * the span named `METHOD /route`), a latency observation per route, and one
 * JSON log line when the answer went out (health probes only at debug, and
 * the `highVolumeRoutes`' successful answers too: an alert storm is thousands
 * of them a second, which the metrics count and the audit log records per
 * batch; their refusals and errors are still logged).
 */
export function instrumentHttp(app: FastifyInstance, logger: PinoLogger, highVolumeRoutes: readonly string[] = []): void {
  const quietWhenSuccessful = new Set(highVolumeRoutes);
  app.addHook('onRequest', (request, _reply, done) => {
    // With a collector the HTTP instrumentation already runs this request in its span; without one it is not loaded
    // (decision 0031), and a caller's trace context is carried from here into logs, NATS headers and workflows.
    const carried = trace.getActiveSpan() ? undefined : callersTraceContext(request.headers);
    if (carried) context.with(carried, () => begin(request, done));
    else begin(request, done);
  });
  function begin(request: FastifyRequest, done: () => void): void {
    const route = request.routeOptions.url ?? UNMATCHED;
    // Still inside the HTTP instrumentation's context here; at onResponse it may be gone.
    const span = trace.getActiveSpan();
    span?.setAttribute('http.route', route);
    span?.updateName(`${request.method} ${route}`);
    const ids = currentTraceIds();
    telemetry.set(request, { startedAt: performance.now(), route, traceId: ids?.traceId, spanId: ids?.spanId });
    done();
  }
  app.addHook('onResponse', (request, reply, done) => {
    const seen = telemetry.get(request);
    if (!seen) return done();
    const seconds = (performance.now() - seen.startedAt) / 1000;
    requestDuration.observe({ method: request.method, route: seen.route, status_code: String(reply.statusCode) }, seconds);
    const quiet = QUIET_ROUTES.has(seen.route) || (reply.statusCode < 300 && quietWhenSuccessful.has(`${request.method} ${seen.route}`));
    const level = quiet ? 'debug' : reply.statusCode >= 500 ? 'warn' : 'info';
    if (logger.isLevelEnabled(level)) {
      logger[level](
        {
          ...(seen.traceId ? { trace_id: seen.traceId, span_id: seen.spanId } : {}),
          request_id: request.id,
          // The path without its query string, which may carry anything a client chose to put there.
          http: { method: request.method, route: seen.route, path: request.url.split('?')[0], status_code: reply.statusCode },
          duration_ms: Math.round(seconds * 1e4) / 10,
        },
        'request completed',
      );
    }
    done();
  });
}

/** The trace id a request started in (its span's, or its caller's), for what is recorded once it is answered. */
export function traceIdOf(request: FastifyRequest): string | null {
  return telemetry.get(request)?.traceId ?? null;
}

/** The trace context (and baggage) a caller sent, or undefined when it sent none that is valid. */
function callersTraceContext(headers: IncomingHttpHeaders): Context | undefined {
  if (headers['traceparent'] === undefined && headers['baggage'] === undefined) return undefined;
  const current = context.active();
  // The propagators read an array-valued header's first value, so the headers serve as a carrier as they are.
  const carried = contextFromCarrier(headers as TraceCarrier);
  return carried === current ? undefined : carried;
}
