import { context, propagation, trace, SpanKind, SpanStatusCode, type Context, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

export type TraceCarrier = Record<string, string>;

export function serviceName(): string {
  return process.env['OTEL_SERVICE_NAME'] ?? 'vigil';
}

export function serviceResource(): Resource {
  return new Resource({ 'service.name': serviceName() });
}

/** The OTLP/HTTP exporter, or null when no collector is configured. */
export function createTraceExporter(): SpanExporter | null {
  const endpoint = process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (!endpoint) return null;
  return new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` });
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
