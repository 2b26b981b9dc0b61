import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
