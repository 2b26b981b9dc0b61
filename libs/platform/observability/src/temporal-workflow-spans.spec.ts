import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { exporterForTemporalWorkflowSpans } from './temporal-workflow-spans';

describe('Temporal workflow spans into the 3.x exporter (issue 12, traces)', () => {
  it('gives a 1.x-shaped span from Temporal\'s sink its parent and instrumentation scope in the 3.x shape', () => {
    const exported: ReadableSpan[] = [];
    const target: SpanExporter = { export: (spans, done) => { exported.push(...spans); done({ code: 0 }); }, shutdown: async () => undefined };
    const own = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 };
    const legacy = { name: 'RunWorkflow:outageRecovery', spanContext: () => own, parentSpanId: 'c'.repeat(16), instrumentationLibrary: { name: '@temporalio/interceptor-workflow' } };
    exporterForTemporalWorkflowSpans(target).export([legacy as unknown as ReadableSpan], () => undefined);
    expect(exported[0]!.parentSpanContext).toEqual({ traceId: own.traceId, spanId: 'c'.repeat(16), traceFlags: 1, isRemote: true });
    expect(exported[0]!.instrumentationScope).toEqual({ name: '@temporalio/interceptor-workflow' });
    expect(exported[0]!.spanContext()).toBe(own);
  });

  it('leaves a root span without a parent', () => {
    const exported: ReadableSpan[] = [];
    const target: SpanExporter = { export: (spans, done) => { exported.push(...spans); done({ code: 0 }); }, shutdown: async () => undefined };
    const root = { name: 'StartWorkflow', spanContext: () => ({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }), instrumentationLibrary: { name: 'x' } };
    exporterForTemporalWorkflowSpans(target).export([root as unknown as ReadableSpan], () => undefined);
    expect(exported[0]!.parentSpanContext).toBeUndefined();
  });
});
