import { context, propagation, trace, SpanKind, SpanStatusCode, type Context, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export type TraceCarrier = Record<string, string>;

export function serviceName(): string {
  return process.env['OTEL_SERVICE_NAME'] ?? 'vigil';
}

/** The version every process reports (`service.version`): the repository's package version. */
export function serviceVersion(): string {
  // Read at run time, not imported: the package file lies outside the TypeScript project.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../../package.json') as { version: string }).version;
}

/**
 * service.name and service.version. The SDK merges what OTEL_SERVICE_NAME and
 * OTEL_RESOURCE_ATTRIBUTES say over this, so an operator's values win.
 */
export function serviceResource(): Resource {
  return resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName(), [ATTR_SERVICE_VERSION]: serviceVersion() });
}

/** Whether spans leave the process: a collector is configured and exporting is not switched off by the standard variables. */
export function tracesExported(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['OTEL_SDK_DISABLED'] === 'true' || env['OTEL_TRACES_EXPORTER'] === 'none') return false;
  return Boolean(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT']);
}

/**
 * The OTLP/HTTP (JSON) exporter, or null when no collector is configured. The
 * exporter itself reads OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT, _HEADERS and _TIMEOUT.
 */
export function createTraceExporter(): SpanExporter | null {
  return tracesExported() ? new OTLPTraceExporter() : null;
}

/** W3C trace context of the active span, for NATS headers and outbox rows. */
export function currentTraceCarrier(): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

export function contextFromCarrier(carrier: TraceCarrier | undefined): Context {
  return propagation.extract(context.active(), carrier ?? {});
}

/** The active span's ids, for log lines; null outside a (valid) span. */
export function currentTraceIds(): { traceId: string; spanId: string } | null {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return null;
  return { traceId: spanContext.traceId, spanId: spanContext.spanId };
}

const tracer = () => trace.getTracer('vigil');

/**
 * Runs `fn` inside a new span, as a child of the trace in `carrier` when given.
 * Errors are recorded on the span and rethrown.
 */
export async function inSpan<T>(
  name: string,
  fn: (span: Span) => Promise<T>,
  options: { carrier?: TraceCarrier; kind?: SpanKind; attributes?: Record<string, string | number | boolean> } = {},
): Promise<T> {
  const parent = options.carrier ? contextFromCarrier(options.carrier) : context.active();
  return tracer().startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

export { SpanKind };
