import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { Clock, SystemClock } from '@vigil/platform-clock';
import { DEFAULT_RESTART_BACKOFF, restartDelayMs, type RestartBackoff } from './backoff';
import { isReady, type Readiness } from './readiness';

/** One long-running process the supervisor keeps alive. */
export interface SupervisedProcessSpec {
  name: string;
  command: string;
  args: string[];
  /** The whole environment of the process (not merged with the supervisor's). */
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** stdout and stderr of every run are appended here. */
  logFile: string;
  readiness?: Readiness;
}

export interface ProcessStatus {
  name: string;
  /** The pid of the current run; null while waiting to restart. */
  pid: number | null;
  /** True once the current run passed its readiness check. */
  ready: boolean;
  /** Restarts after an unexpected exit (0 for the first run). */
  restarts: number;
  lastExit: { code: number | null; signal: NodeJS.Signals | null } | null;
}

export interface SupervisorOptions {
  backoff?: Partial<RestartBackoff>;
  /** Where restarts and stops are reported (default: stderr). */
  log?: (line: string) => void;
  clock?: Clock;
  /** How long a process may take to exit after SIGTERM before it gets SIGKILL. */
  stopGraceMs?: number;
  readinessPollMs?: number;
}

// Children never outlive the process that supervises them, even when it exits without stop().
const everyChild = new Set<ChildProcess>();
process.once('exit', () => everyChild.forEach((child) => child.kill('SIGKILL')));

/**
 * Keeps a set of processes running (docs/decisions/0013-process-supervision.md):
 * started in stages (each stage ready before the next starts), a process that
 * exits is restarted with exponential backoff and the restart is logged, and
 * stop() ends them all, last stage first, SIGTERM then SIGKILL.
 *
 * Children run in their own process group, so a Ctrl-C at the terminal reaches
 * only the supervisor, which then stops them in order rather than all at once.
 */
export class Supervisor {
  private readonly stages: SupervisedProcess[][] = [];
  private readonly byName = new Map<string, SupervisedProcess>();
  private stopping: Promise<void> | null = null;
  private readonly settings: Settings;

  constructor(options: SupervisorOptions = {}) {
    const clock = options.clock ?? new SystemClock();
    this.settings = {
      backoff: { ...DEFAULT_RESTART_BACKOFF, ...options.backoff },
      log: options.log ?? ((line) => process.stderr.write(`${clock.isoNow()} supervisor: ${line}\n`)),
      clock,
      stopGraceMs: options.stopGraceMs ?? 10_000,
      readinessPollMs: options.readinessPollMs ?? 200,
      isStopping: () => this.stopping !== null,
    };
  }

  /** Starts one stage and resolves once every process of it is ready (restarting any that die meanwhile). */
  async start(stage: SupervisedProcessSpec[], readyTimeoutMs = 120_000): Promise<void> {
    if (this.stopping) throw new Error('the supervisor is stopping');
    const processes = stage.map((spec) => {
      if (this.byName.has(spec.name)) throw new Error(`${spec.name} is already supervised`);
      const supervised = new SupervisedProcess(spec, this.settings);
      this.byName.set(spec.name, supervised);
      return supervised;
    });
    this.stages.push(processes);
    processes.forEach((p) => p.run());
    await Promise.all(processes.map((p) => p.untilReady(readyTimeoutMs)));
  }

  status(name: string): ProcessStatus {
    const supervised = this.byName.get(name);
    if (!supervised) throw new Error(`${name} is not supervised`);
    return supervised.status();
  }

  statuses(): ProcessStatus[] {
    return [...this.byName.values()].map((p) => p.status());
  }

  get isStopping(): boolean {
    return this.stopping !== null;
  }

  /** Stops everything, later stages first (services before the infrastructure they use). Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const stage of [...this.stages].reverse()) await Promise.all(stage.map((p) => p.stop()));
    })();
    return this.stopping;
  }
}

interface Settings {
  backoff: RestartBackoff;
  log: (line: string) => void;
  clock: Clock;
  stopGraceMs: number;
  readinessPollMs: number;
  isStopping: () => boolean;
}

/** What readiness checks look at: enough of the latest run's output to find a ready line split across chunks. */
const OUTPUT_TAIL_CHARS = 64 * 1024;

class SupervisedProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private output = '';
  private ready = false;
  private restarts = 0;
  private consecutiveCrashes = 0;
  private startedAtMs = 0;
  private lastExit: ProcessStatus['lastExit'] = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly log: WriteStream;

  constructor(
    private readonly spec: SupervisedProcessSpec,
    private readonly settings: Settings,
  ) {
    mkdirSync(dirname(spec.logFile), { recursive: true });
    this.log = createWriteStream(spec.logFile, { flags: 'a' });
    // Output can still arrive after 'exit' (and so after stop() closed the log): losing it must not crash the supervisor.
    this.log.on('error', () => undefined);
  }

  run(): void {
    this.restartTimer = null;
    this.output = '';
    this.ready = false;
    this.startedAtMs = this.settings.clock.nowMs();
    const child = spawn(this.spec.command, this.spec.args, { cwd: this.spec.cwd, env: this.spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    everyChild.add(child);
    this.log.write(`\n--- ${this.settings.clock.isoNow()} start${this.restarts ? ` (restart ${this.restarts})` : ''}, pid ${child.pid ?? '-'}: ${this.spec.command} ${this.spec.args.join(' ')}\n`);
    for (const stream of [child.stdout, child.stderr]) {
      stream?.pipe(this.log, { end: false });
      stream?.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS)));
    }
    this.exited = new Promise((resolve) => {
      let done = false;
      const ended = (code: number | null, signal: NodeJS.Signals | null) => {
        if (done) return;
        done = true;
        everyChild.delete(child);
        this.child = null;
        this.ready = false;
        this.lastExit = { code, signal };
        resolve();
        this.onExit(code, signal);
      };
      child.once('exit', ended);
      // A command that cannot be started (e.g. a missing binary) emits only 'error'.
      child.once('error', (error) => {
        this.log.write(`--- could not start: ${error.message}\n`);
        if (child.pid === undefined) ended(null, null);
      });
    });
    void this.watchReadiness(child);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.settings.isStopping()) return;
    const uptimeMs = this.settings.clock.nowMs() - this.startedAtMs;
    this.consecutiveCrashes = uptimeMs >= this.settings.backoff.resetAfterMs ? 1 : this.consecutiveCrashes + 1;
    const delayMs = restartDelayMs(this.settings.backoff, this.consecutiveCrashes);
    this.restarts += 1;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    this.settings.log(`${this.spec.name} ${how} after ${seconds(uptimeMs)}; restart ${this.restarts} in ${seconds(delayMs)} (log: ${this.spec.logFile})`);
    this.restartTimer = setTimeout(() => this.run(), delayMs);
  }

  private async watchReadiness(child: ChildProcess): Promise<void> {
    while (this.child === child && !this.settings.isStopping()) {
      if (await isReady(this.spec.readiness, this.output)) {
        if (this.child !== child) return;
        this.ready = true;
        if (this.restarts > 0) this.settings.log(`${this.spec.name} is ready again (pid ${child.pid}, restart ${this.restarts})`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, this.settings.readinessPollMs));
    }
  }

  async untilReady(timeoutMs: number): Promise<void> {
    const deadline = this.settings.clock.nowMs() + timeoutMs;
    while (!this.ready) {
      if (this.settings.isStopping()) throw new Error(`stopped before ${this.spec.name} was ready`);
      if (this.settings.clock.nowMs() > deadline) throw new Error(`${this.spec.name} was not ready within ${seconds(timeoutMs)} (log: ${this.spec.logFile})`);
      await new Promise((resolve) => setTimeout(resolve, this.settings.readinessPollMs));
    }
  }

  status(): ProcessStatus {
    return { name: this.spec.name, pid: this.child?.pid ?? null, ready: this.ready, restarts: this.restarts, lastExit: this.lastExit };
  }

  /** SIGTERM, then SIGKILL once the grace period is over; cancels a pending restart. */
  async stop(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (child) {
      child.kill('SIGTERM');
      const kill = setTimeout(() => {
        this.settings.log(`${this.spec.name} did not stop within ${seconds(this.settings.stopGraceMs)} of SIGTERM; killing it`);
        child.kill('SIGKILL');
      }, this.settings.stopGraceMs);
      await this.exited;
      clearTimeout(kill);
    }
    await new Promise<void>((resolve) => this.log.end(resolve));
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
