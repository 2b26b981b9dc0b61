/**
 * Loaded with `node --require` before any other module so the HTTP
 * instrumentation can patch `http` before Fastify or anything else requires it
 * (ARCHITECTURE rule 10). Spans are exported over OTLP/HTTP only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set; context propagation works either way.
 */
import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createTraceExporter, serviceResource } from './tracing';

const exporter = createTraceExporter();
const sdk = new NodeSDK({
  resource: serviceResource(),
  spanProcessors: exporter ? [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 200 })] : [],
  instrumentations: [new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => (req.url ?? '').startsWith('/health') })],
});
sdk.start();

const shutdown = () => void sdk.shutdown().catch(() => undefined);
process.once('SIGTERM', shutdown);
process.once('beforeExit', shutdown);
