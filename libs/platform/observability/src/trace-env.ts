import { diag } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type BatchSpanProcessorOptions,
  type Sampler,
  type SpanLimits,
} from '@opentelemetry/sdk-trace';

/**
 * The standard tracing variables, read here because SDK 3.x no longer does:
 * its TracerProvider and BatchSpanProcessor take only what they are given
 * (sdk-node reads the environment, and Vigil does not use sdk-node; decision
 * 0019). Same variables, defaults and fallbacks as the 2.x SDK.
 */
type Env = NodeJS.ProcessEnv;

function numberFrom(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (Number.isNaN(value)) {
    diag.warn(`Unknown value ${JSON.stringify(raw)} for ${name}, expected a number, using defaults`);
    return undefined;
  }
  return value;
}

const DEFAULT_SAMPLER = 'parentbased_always_on';

/** OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG; parentbased_always_on when unset or unknown. */
export function samplerFromEnv(env: Env = process.env): Sampler {
  const raw = env['OTEL_TRACES_SAMPLER'];
  const name = raw === undefined || raw.trim() === '' ? DEFAULT_SAMPLER : raw;
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratioFromEnv(env));
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratioFromEnv(env)) });
    default:
      diag.error(`OTEL_TRACES_SAMPLER value "${name}" invalid, defaulting to "${DEFAULT_SAMPLER}".`);
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

function ratioFromEnv(env: Env): number {
  const ratio = numberFrom(env, 'OTEL_TRACES_SAMPLER_ARG');
  if (ratio === undefined) {
    diag.error('OTEL_TRACES_SAMPLER_ARG is blank, defaulting to 1.');
    return 1;
  }
  if (ratio < 0 || ratio > 1) {
    diag.error(`OTEL_TRACES_SAMPLER_ARG=${ratio} was given, but it is out of range ([0..1]), defaulting to 1.`);
    return 1;
  }
  return ratio;
}

/** OTEL_SPAN_* limits, the attribute ones falling back to OTEL_ATTRIBUTE_*; unset ones keep the SDK's defaults. */
export function spanLimitsFromEnv(env: Env = process.env): SpanLimits {
  const limits: SpanLimits = {
    attributeCountLimit: numberFrom(env, 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT') ?? numberFrom(env, 'OTEL_ATTRIBUTE_COUNT_LIMIT'),
    attributeValueLengthLimit: numberFrom(env, 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT') ?? numberFrom(env, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT'),
    linkCountLimit: numberFrom(env, 'OTEL_SPAN_LINK_COUNT_LIMIT'),
    eventCountLimit: numberFrom(env, 'OTEL_SPAN_EVENT_COUNT_LIMIT'),
    attributePerEventCountLimit: numberFrom(env, 'OTEL_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT'),
    attributePerLinkCountLimit: numberFrom(env, 'OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT'),
  };
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
}

type BatchingOptions = Omit<BatchSpanProcessorOptions, 'exporter' | 'selfObsMeterProvider'>;

/** OTEL_BSP_*, over `defaults` (what Vigil chooses where the SDK's default does not suit). */
export function batchOptionsFromEnv(defaults: BatchingOptions = {}, env: Env = process.env): BatchingOptions {
  const fromEnv: BatchingOptions = {
    maxExportBatchSize: numberFrom(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE'),
    maxQueueSize: numberFrom(env, 'OTEL_BSP_MAX_QUEUE_SIZE'),
    scheduledDelayMillis: numberFrom(env, 'OTEL_BSP_SCHEDULE_DELAY'),
    exportTimeoutMillis: numberFrom(env, 'OTEL_BSP_EXPORT_TIMEOUT'),
  };
  return { ...defaults, ...Object.fromEntries(Object.entries(fromEnv).filter(([, value]) => value !== undefined)) };
}
