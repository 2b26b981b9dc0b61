import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-root';

export const TEST_LOG_DIR = join(REPO_ROOT, 'tmp/test-logs');

// Children never outlive the test run, even when it ends without teardown.
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/**
 * A child process whose output goes to tmp/test-logs/<name>.log, so a failing
 * test can be diagnosed without flooding jest's output.
 */
export class ManagedProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  /** Everything printed since the last start, for readiness checks. */
  output = '';
  readonly logFile: string;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {
    mkdirSync(TEST_LOG_DIR, { recursive: true });
    this.logFile = join(TEST_LOG_DIR, `${name}.log`);
  }

  start(): void {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    log.write(`\n--- start ${new Date().toISOString()}: ${this.command} ${this.args.join(' ')}\n`);
    const child = spawn(this.command, this.args, { cwd: REPO_ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream?.pipe(log, { end: false });
      stream?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    }
    running.add(child);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        running.delete(child);
        resolve(code);
      }),
    );
    this.child = child;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends `signal` and waits for the exit; SIGKILL after `graceMs` if it lingers. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    if (!this.child || !this.running) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  exitPromise(): Promise<number | null> {
    return this.exited;
  }
}
