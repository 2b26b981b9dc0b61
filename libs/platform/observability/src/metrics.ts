import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type CounterConfiguration, type GaugeConfiguration, type HistogramConfiguration } from 'prom-client';
import { serviceName } from './tracing';

/**
 * The process's one Prometheus registry (prom-client; decision 0019). Every
 * series carries `service`, so dashboards group by process whatever the
 * scrape job is called.
 */
export const metricsRegistry = new Registry();

/** Latency buckets (seconds) for requests, RPCs and activities: 1 ms to 10 s. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

// Metrics are defined where they are measured; a second definition (a second Nest
// app in one test process) gets the first one instead of an error.
export function counter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
  return (metricsRegistry.getSingleMetric(config.name) as Counter<L> | undefined) ?? new Counter({ ...config, registers: [metricsRegistry] });
}
export function gauge<L extends string>(config: GaugeConfiguration<L>): Gauge<L> {
  return (metricsRegistry.getSingleMetric(config.name) as Gauge<L> | undefined) ?? new Gauge({ ...config, registers: [metricsRegistry] });
}
export function histogram<L extends string>(config: HistogramConfiguration<L>): Histogram<L> {
  return (metricsRegistry.getSingleMetric(config.name) as Histogram<L> | undefined) ?? new Histogram({ buckets: LATENCY_BUCKETS, ...config, registers: [metricsRegistry] });
}

type ScrapeHook = () => Promise<void>;
const scrapeHooks = new Set<ScrapeHook>();
const scrapeFailures = counter({ name: 'vigil_metrics_scrape_hook_failures_total', help: 'Scrape-time measurements (database, JetStream) that failed; their gauges keep the previous value' });

/**
 * Runs `hook` before every scrape, to refresh gauges that are read rather than
 * counted (outbox backlog, consumer lag, pool usage). Returns its removal.
 */
export function onScrape(hook: ScrapeHook): () => void {
  scrapeHooks.add(hook);
  return () => scrapeHooks.delete(hook);
}

const SCRAPE_HOOK_TIMEOUT_MS = 2_000;

/** The exposition text: scrape hooks first (each bounded, a failure counted), then the registry. */
export async function renderMetrics(): Promise<string> {
  await Promise.all(
    [...scrapeHooks].map((hook) =>
      Promise.race([hook(), new Promise((_, reject) => setTimeout(() => reject(new Error('scrape hook timed out')), SCRAPE_HOOK_TIMEOUT_MS).unref())]).catch(() => scrapeFailures.inc()),
    ),
  );
  return metricsRegistry.metrics();
}

let processMetricsStarted = false;
/** Node's own metrics (event-loop lag, GC, heap, CPU, handles) and the `service` label. */
export function startProcessMetrics(): void {
  if (processMetricsStarted) return;
  processMetricsStarted = true;
  metricsRegistry.setDefaultLabels({ service: serviceName() });
  collectDefaultMetrics({ register: metricsRegistry, eventLoopMonitoringPrecision: 100 });
}

/**
 * Serves GET /metrics on its own listener, never on a service's public HTTP
 * port: the gateway's port faces the internet, this one only the internal
 * network (decision 0019). Port 0 picks a free port (tests); null: no endpoint.
 */
export async function serveMetrics(options: { port: number | null; host: string }): Promise<{ server: Server; port: number } | null> {
  startProcessMetrics();
  if (options.port === null) return null;
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    renderMetrics().then(
      (text) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(text),
      (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(error.message),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port!, options.host, () => resolve());
  });
  server.unref();
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : options.port };
}
