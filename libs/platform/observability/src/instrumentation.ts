/**
 * Loaded with `node --require` before any other module so the HTTP and pg
 * instrumentations can patch `http` and `pg` before Fastify or TypeORM require
 * them (ARCHITECTURE rule 10). Spans are exported over OTLP/HTTP only when a
 * collector is configured (OTEL_EXPORTER_OTLP_ENDPOINT), and only then are the
 * instrumentations loaded; context propagation works either way (without them
 * the platform's request hook carries an incoming traceparent, decision 0031).
 * Standard variables honoured: OTEL_SERVICE_NAME,
 * OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER(_ARG), OTEL_BSP_*,
 * OTEL_EXPORTER_OTLP_*, OTEL_TRACES_EXPORTER=none, OTEL_SDK_DISABLED.
 *
 * The tracer provider is built directly rather than through sdk-node, which
 * loads every exporter (gRPC, protobuf, logs, metrics) at start; metrics are
 * prom-client's and logs pino's (decision 0019). SDK 3.x's TracerProvider and
 * BatchSpanProcessor read no environment and the provider registers nothing
 * itself, so the sampler, span limits and OTEL_BSP_* come from trace-env.ts
 * and the context manager, propagator and provider are set globally here.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { registerInstrumentations, type Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { detectResources, resourceAttributesEnvDetector, serviceNameEnvDetector } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { batchOptionsFromEnv, samplerFromEnv, spanLimitsFromEnv } from './trace-env';
import { createTraceExporter, serviceResource } from './tracing';

/** Probes and scrapes would bury the traces that matter. */
const UNTRACED_PATHS = ['/health', '/metrics'];

if (process.env['OTEL_SDK_DISABLED'] !== 'true') {
  const exporter = createTraceExporter();
  // Context and propagation either way: AsyncLocalStorage, W3C trace-context and baggage.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  if (exporter) {
    const instrumentations: Instrumentation[] = [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.some((path) => (req.url ?? '').startsWith(path)) }),
      // Only queries inside a traced operation: the relays' and leases' polling would otherwise start a trace every half second.
      new PgInstrumentation({ requireParentSpan: true }),
    ];
    const provider = new TracerProvider({
      // What OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES say wins over the defaults (the later detector wins, so OTEL_SERVICE_NAME over a service.name in the attributes).
      resource: serviceResource().merge(detectResources({ detectors: [resourceAttributesEnvDetector, serviceNameEnvDetector] })),
      sampler: samplerFromEnv(),
      spanLimits: spanLimitsFromEnv(),
      // A short default delay so spans reach a collector (and the tests' receiver) promptly; OTEL_BSP_SCHEDULE_DELAY overrides it.
      spanProcessors: [new BatchSpanProcessor({ exporter, ...batchOptionsFromEnv({ scheduledDelayMillis: 200 }) })],
    });
    trace.setGlobalTracerProvider(provider);
    const shutdown = () => void provider.shutdown().catch(() => undefined);
    process.once('SIGTERM', shutdown);
    process.once('beforeExit', shutdown);
    registerInstrumentations({ instrumentations });
  }
  // Without a collector neither a provider nor the HTTP instrumentation: its per-request context binding cost the intake
  // about a tenth of its CPU and kept each request's objects alive into the old generation (decision 0031).
}
