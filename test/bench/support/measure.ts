import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';

/** The p-th percentile of an ascending list. */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
export const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Runs `total` tasks with `concurrency` in flight; each task returns its latency. */
export async function inParallel(total: number, concurrency: number, task: (i: number) => Promise<number>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) latencies.push(await task(next++));
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000 };
}

/** Resident and peak memory of the first process whose command line matches. */
export function processMemory(pattern: string): string {
  try {
    const pid = execFileSync('pgrep', ['-f', pattern]).toString().trim().split('\n')[0];
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(/(\d+) kB/.exec(status.split('\n').find((l) => l.startsWith(name)) ?? '')?.[1] ?? NaN) / 1024;
    return `RSS ${field('VmRSS:').toFixed(0)} MiB (peak ${field('VmHWM:').toFixed(0)} MiB), pid ${pid}`;
  } catch {
    return `no process matching ${pattern} on this machine`;
  }
}

/** The platform's processes as one machine runs them: Postgres backends count together, whoever they serve. */
const PROCESS_GROUPS: Array<[group: string, commandLineContains: string]> = [
  ['api-gateway', 'services/api-gateway/'],
  ['monitoring-ingest', 'services/monitoring-ingest/'],
  ['ticketing', 'services/ticketing/'],
  ['notifications', 'services/notifications/'],
  ['customers', 'services/customers/'],
  ['identity', 'services/identity/'],
  ['workflow worker', 'workflows/worker/'],
  ['temporal', 'temporal'],
  ['nats-server', 'nats-server'],
  ['dev mailbox', 'mailbox'],
  ['bare route', 'test/bench/support/bare-alert-route'], // before the load generator: it lives under test/bench/ too
  ['load generator', 'test/bench/'],
];

/** CPU seconds (user + system) used so far by each group of this machine's processes; Linux /proc only. */
export function cpuSeconds(): Map<string, number> {
  const ticksPerSecond = 100; // USER_HZ: 100 on every Linux architecture Node runs on
  const used = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const postmaster = /\/bin\/postgres /.test(commandLine);
      const group = commandLine.startsWith('postgres:') || postmaster ? 'postgres' : PROCESS_GROUPS.find(([, part]) => commandLine.includes(part))?.[0];
      if (!group) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // The postmaster's children's time counts backends that have ended (a pool closing idle connections), which /proc no longer lists.
      const ended = postmaster ? Number(fields[13]) + Number(fields[14]) : 0;
      used.set(group, (used.get(group) ?? 0) + (Number(fields[11]) + Number(fields[12]) + ended) / ticksPerSecond);
    } catch {
      // the process ended meanwhile
    }
  }
  return used;
}

type CpuUnit = 'ms' | 'µs';
const perSecond = (unit: CpuUnit) => (unit === 'ms' ? 1_000 : 1_000_000);

/** The CPU this machine's cores give in a second, in `unit`: a rate times its CPU per operation cannot exceed it. */
export function machineCpu(unit: CpuUnit): { cores: number; perSecond: number } {
  const cores = availableParallelism();
  return { cores, perSecond: cores * perSecond(unit) };
}

/** CPU per operation, in all and by process group (PROCESS_GROUPS). */
export interface CpuPerOperation {
  total: number;
  text: string;
  byGroup: Map<string, number>;
}

/**
 * CPU per operation between two `cpuSeconds()` readings, all groups and each:
 * unlike a rate, it hardly moves when the shared machine is slower or busier.
 */
export function cpuPerOperation(before: Map<string, number>, after: Map<string, number>, operations: number, unit: CpuUnit): CpuPerOperation {
  const scale = perSecond(unit);
  const spent = [...after].map(([group, seconds]) => [group, ((seconds - (before.get(group) ?? 0)) * scale) / operations] as const).filter(([, per]) => per > 0);
  const total = spent.reduce((sum, [, per]) => sum + per, 0);
  const digits = unit === 'ms' ? 2 : 0;
  const parts = spent.sort((a, b) => b[1] - a[1]).map(([group, per]) => `${group} ${per.toFixed(digits)}`);
  return { total, text: `${total.toFixed(digits)} ${unit} (${parts.join(', ')})`, byGroup: new Map(spent) };
}

/** A `cpuSeconds()` reading less what each group spent between two other readings (e.g. probes run in the middle of a measured phase). */
export function withoutInterval(reading: Map<string, number>, from: Map<string, number>, to: Map<string, number>): Map<string, number> {
  return new Map([...reading].map(([group, seconds]) => [group, seconds - ((to.get(group) ?? 0) - (from.get(group) ?? 0))]));
}

/** A process's garbage-collection pauses so far, by kind (minor = scavenge, major = mark-compact, incremental, weakcb). */
export type GcPauses = Map<string, { count: number; seconds: number; over10ms: number; over100ms: number }>;
const noPauses = () => ({ count: 0, seconds: 0, over10ms: 0, over100ms: 0 });

/**
 * Reads prom-client's `nodejs_gc_duration_seconds` histogram (buckets 1 ms, 10 ms, 100 ms, 1 s, …) from a service's metrics endpoint;
 * null when the endpoint does not answer (a figure, not a reason to stop the benchmark).
 */
export async function gcPauses(metricsUrl: string): Promise<GcPauses | null> {
  const text = await fetch(metricsUrl)
    .then((response) => (response.ok ? response.text() : null))
    .catch(() => null);
  if (text === null) return null;
  const pauses: GcPauses = new Map();
  const of = (kind: string) => pauses.get(kind) ?? pauses.set(kind, noPauses()).get(kind)!;
  for (const line of text.split('\n')) {
    const match = /^nodejs_gc_duration_seconds_(bucket|sum|count)\{([^}]*)\} (\S+)/.exec(line);
    if (!match) continue;
    const [, series, labels, value] = match as unknown as [string, string, string, string];
    const kind = /kind="([^"]+)"/.exec(labels)?.[1] ?? '?';
    const le = /le="([^"]+)"/.exec(labels)?.[1];
    const entry = of(kind);
    if (series === 'count') entry.count = Number(value);
    else if (series === 'sum') entry.seconds = Number(value);
    else if (le === '0.01') entry.over10ms = -Number(value); // completed below with the count
    else if (le === '0.1') entry.over100ms = -Number(value);
  }
  for (const entry of pauses.values()) {
    entry.over10ms += entry.count;
    entry.over100ms += entry.count;
  }
  return pauses;
}

/** The pauses between two `gcPauses()` readings, as one line: "minor 12 (84 ms, 3 over 10 ms), major 1 (130 ms, 1 over 100 ms)". */
export function gcPausesBetween(before: GcPauses | null, after: GcPauses | null): string {
  if (!before || !after) return 'unavailable (metrics endpoint did not answer)';
  const parts: string[] = [];
  for (const [kind, now] of after) {
    const then = before.get(kind) ?? noPauses();
    const count = now.count - then.count;
    if (count === 0) continue;
    const over10 = now.over10ms - then.over10ms;
    const over100 = now.over100ms - then.over100ms;
    const slow = [over10 ? `${over10} over 10 ms` : '', over100 ? `${over100} over 100 ms` : ''].filter(Boolean).join(', ');
    parts.push(`${kind} ${count} (${ms((now.seconds - then.seconds) * 1000)}${slow ? `, ${slow}` : ''})`);
  }
  return parts.length ? parts.join(', ') : 'none';
}
