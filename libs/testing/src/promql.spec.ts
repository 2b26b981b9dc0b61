import { exposedMetricNames, metricNamesIn } from './promql';

describe('PromQL metric names (issue 12, dashboard check)', () => {
  it('finds the metrics of an expression, not its functions, labels, ranges, grouping or variables', () => {
    expect(metricNamesIn('histogram_quantile(0.99, sum by (le, service, route) (rate(vigil_http_server_request_duration_seconds_bucket{service=~"$service",route!="x"}[$__rate_interval])))')).toEqual([
      'vigil_http_server_request_duration_seconds_bucket',
    ]);
    expect(metricNamesIn('sum by (service) (vigil_db_pool_connections{state="in_use"}) / sum by (service) (vigil_db_pool_max_connections)').sort()).toEqual([
      'vigil_db_pool_connections',
      'vigil_db_pool_max_connections',
    ]);
    expect(metricNamesIn('label_values(process_cpu_seconds_total, service)')).toEqual(['process_cpu_seconds_total']);
  });

  it('reads the sample names of an exposition, not its comments', () => {
    const text = '# HELP a_total x\n# TYPE a_total counter\na_total{service="s"} 1\nb_bucket{le="+Inf"} 2\n';
    expect([...exposedMetricNames(text)]).toEqual(['a_total', 'b_bucket']);
  });
});
