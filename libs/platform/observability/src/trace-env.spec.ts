import { batchOptionsFromEnv, samplerFromEnv, spanLimitsFromEnv } from './trace-env';

describe('tracing variables read for SDK 3.x (issue 12, traces)', () => {
  it('samples parent-based, always on, when OTEL_TRACES_SAMPLER is unset, blank or unknown', () => {
    for (const env of [{}, { OTEL_TRACES_SAMPLER: ' ' }, { OTEL_TRACES_SAMPLER: 'sometimes' }]) {
      expect(samplerFromEnv(env).toString()).toMatch(/^ParentBased\{root=AlwaysOnSampler,/);
    }
  });

  it('builds the sampler OTEL_TRACES_SAMPLER names, with the ratio from OTEL_TRACES_SAMPLER_ARG', () => {
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'always_off' }).toString()).toBe('AlwaysOffSampler');
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'always_on' }).toString()).toBe('AlwaysOnSampler');
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' }).toString()).toMatch(/^ParentBased\{root=AlwaysOffSampler,/);
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }).toString()).toBe('TraceIdRatioBased{0.25}');
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' }).toString()).toMatch(/^ParentBased\{root=TraceIdRatioBased\{0.1\},/);
  });

  it('samples everything when the ratio is missing, not a number or out of range', () => {
    for (const arg of [undefined, 'half', '1.5', '-0.1']) {
      expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: arg }).toString()).toBe('TraceIdRatioBased{1}');
    }
  });

  it('takes span limits from OTEL_SPAN_*, the attribute limits falling back to OTEL_ATTRIBUTE_*, and leaves unset ones to the SDK', () => {
    expect(spanLimitsFromEnv({})).toEqual({});
    expect(spanLimitsFromEnv({ OTEL_ATTRIBUTE_COUNT_LIMIT: '64', OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '1024', OTEL_SPAN_EVENT_COUNT_LIMIT: '16' })).toEqual({
      attributeCountLimit: 64,
      attributeValueLengthLimit: 1024,
      eventCountLimit: 16,
    });
    expect(spanLimitsFromEnv({ OTEL_ATTRIBUTE_COUNT_LIMIT: '64', OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '32', OTEL_SPAN_LINK_COUNT_LIMIT: 'x' })).toEqual({ attributeCountLimit: 32 });
  });

  it('lets OTEL_BSP_* override the batching defaults Vigil chooses', () => {
    expect(batchOptionsFromEnv({ scheduledDelayMillis: 200 }, {})).toEqual({ scheduledDelayMillis: 200 });
    expect(batchOptionsFromEnv({ scheduledDelayMillis: 200 }, { OTEL_BSP_SCHEDULE_DELAY: '5000', OTEL_BSP_MAX_QUEUE_SIZE: '4096', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '256', OTEL_BSP_EXPORT_TIMEOUT: '10000' })).toEqual({
      scheduledDelayMillis: 5000,
      maxQueueSize: 4096,
      maxExportBatchSize: 256,
      exportTimeoutMillis: 10000,
    });
    expect(batchOptionsFromEnv({ scheduledDelayMillis: 200 }, { OTEL_BSP_SCHEDULE_DELAY: '' })).toEqual({ scheduledDelayMillis: 200 });
  });
});
