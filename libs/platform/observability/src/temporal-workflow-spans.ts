import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/**
 * Temporal's workflow span sink (@temporalio/interceptors-opentelemetry 1.24)
 * hands over spans in the OpenTelemetry 1.x shape: `instrumentationLibrary`
 * and `parentSpanId`. The 3.x exporter (like 2.x before it) reads
 * `instrumentationScope` and `parentSpanContext`; without this the workflow's
 * spans lose their scope and their parent. Decision 0019.
 */
export function exporterForTemporalWorkflowSpans(exporter: SpanExporter): SpanExporter {
  return {
    export: (spans: ReadableSpan[], done: (result: ExportResult) => void) => exporter.export(spans.map(currentShape), done),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

type LegacySpan = ReadableSpan & { instrumentationLibrary?: ReadableSpan['instrumentationScope']; parentSpanId?: string };

function currentShape(span: LegacySpan): ReadableSpan {
  const { instrumentationLibrary, parentSpanId, ...rest } = span;
  const own = span.spanContext();
  return {
    ...rest,
    spanContext: () => own,
    instrumentationScope: span.instrumentationScope ?? instrumentationLibrary ?? { name: '@temporalio/interceptor-workflow' },
    parentSpanContext: span.parentSpanContext ?? (parentSpanId ? { traceId: own.traceId, spanId: parentSpanId, traceFlags: own.traceFlags, isRemote: true } : undefined),
  };
}
