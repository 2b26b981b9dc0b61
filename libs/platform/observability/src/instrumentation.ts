/**
 * Loaded with `node --require` before any other module so the HTTP and pg
 * instrumentations can patch `http` and `pg` before Fastify or TypeORM require
 * them (ARCHITECTURE rule 10). Spans are exported over OTLP/HTTP only when a
 * collector is configured (OTEL_EXPORTER_OTLP_ENDPOINT); context propagation
 * works either way. Standard variables honoured: OTEL_SERVICE_NAME,
 * OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER(_ARG), OTEL_BSP_*,
 * OTEL_EXPORTER_OTLP_*, OTEL_TRACES_EXPORTER=none, OTEL_SDK_DISABLED.
 *
 * The tracer provider is built directly rather than through sdk-node, which
 * loads every exporter (gRPC, protobuf, logs, metrics) at start; metrics are
 * prom-client's and logs pino's (decision 0019).
 */
import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { registerInstrumentations, type Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { detectResources, envDetector } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { createTraceExporter, serviceResource } from './tracing';

/** Probes and scrapes would bury the traces that matter. */
const UNTRACED_PATHS = ['/health', '/metrics'];

if (process.env['OTEL_SDK_DISABLED'] !== 'true') {
  const exporter = createTraceExporter();
  // The HTTP instrumentation also carries an incoming traceparent into NATS headers, so it runs even without export.
  const instrumentations: Instrumentation[] = [
    new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.some((path) => (req.url ?? '').startsWith(path)) }),
  ];
  if (exporter) {
    // Only queries inside a traced operation: the relays' and leases' polling would otherwise start a trace every half second.
    instrumentations.push(new PgInstrumentation({ requireParentSpan: true }));
    // A short default delay so spans reach a collector (and the tests' receiver) promptly; OTEL_BSP_SCHEDULE_DELAY overrides it.
    const batching = process.env['OTEL_BSP_SCHEDULE_DELAY'] ? {} : { scheduledDelayMillis: 200 };
    const provider = new NodeTracerProvider({
      // What OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES say wins over the defaults.
      resource: serviceResource().merge(detectResources({ detectors: [envDetector] })),
      spanProcessors: [new BatchSpanProcessor(exporter, batching)],
    });
    provider.register(); // tracer provider, AsyncLocalStorage context, W3C trace-context and baggage propagation
    const shutdown = () => void provider.shutdown().catch(() => undefined);
    process.once('SIGTERM', shutdown);
    process.once('beforeExit', shutdown);
  } else {
    // No provider (spans cost nothing), but context still flows in and out of the process.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  }
  registerInstrumentations({ instrumentations });
}
