/**
 * The metric names a PromQL expression reads. Good enough for the expressions
 * a dashboard holds: label matchers, ranges, grouping clauses, strings and
 * Grafana variables are dropped, and what is left that is neither a function
 * nor a keyword is a metric name.
 */
const NOT_METRICS = new Set([
  'sum', 'avg', 'min', 'max', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'group',
  'rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'histogram_quantile', 'label_replace', 'label_join', 'abs', 'ceil', 'floor', 'round',
  'clamp', 'clamp_min', 'clamp_max', 'vector', 'scalar', 'time', 'absent', 'changes', 'resets', 'sort', 'sort_desc', 'sgn', 'exp', 'ln', 'log2', 'log10', 'sqrt',
  'avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time', 'count_over_time', 'last_over_time', 'quantile_over_time', 'predict_linear',
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset',
]);

export function metricNamesIn(expr: string): string[] {
  // label_values(metric, label): only the first argument is a metric.
  const labelValues = /label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,/.exec(expr);
  if (labelValues) return [labelValues[1]!];
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, ' ');
  const names = (stripped.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? []).filter((token) => !NOT_METRICS.has(token));
  return [...new Set(names)];
}

/** The names of the samples in a Prometheus text exposition (not the # HELP/# TYPE lines). */
export function exposedMetricNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
    if (match) names.add(match[0]);
  }
  return names;
}
