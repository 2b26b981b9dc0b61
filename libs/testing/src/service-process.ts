import { join } from 'node:path';
import { ManagedProcess } from './child-process';
import { eventually } from './eventually';
import { REPO_ROOT } from './repo-root';

export interface ServiceProcessOptions {
  /** Name for logs and OTEL_SERVICE_NAME. */
  name: string;
  /** Entry file relative to the repo root, e.g. services/ticketing/src/main.ts. */
  entry: string;
  env: Record<string, string>;
  /** Ready when GET /health/ready on this port answers 200 … */
  healthPort?: number;
  /** … or when the process prints this. */
  readyLine?: string;
}

/** The node command line every Vigil process runs with: TypeScript via SWC, OpenTelemetry first. */
export function nodeArgs(entry: string): string[] {
  return ['-r', '@swc-node/register', '-r', join(REPO_ROOT, 'libs/platform/observability/src/instrumentation.ts'), join(REPO_ROOT, entry)];
}

/** The whole environment a Vigil process runs with in tests: only what it is given, plus what node and SWC need. */
export function serviceEnv(name: string, env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'], HOME: process.env['HOME'], SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json'), OTEL_SERVICE_NAME: name, ...env };
}

/** A Vigil service started exactly as production starts it, as its own OS process. */
export class ServiceProcess {
  private readonly process: ManagedProcess;

  constructor(private readonly options: ServiceProcessOptions) {
    this.process = new ManagedProcess(options.name, process.execPath, nodeArgs(options.entry), serviceEnv(options.name, options.env));
  }

  get logFile(): string {
    return this.process.logFile;
  }

  async start(timeoutMs = 60_000): Promise<this> {
    this.process.start();
    const exitedEarly = this.process.exitPromise().then((code) => {
      throw new Error(`${this.options.name} exited with ${code} while starting; see ${this.process.logFile}`);
    });
    exitedEarly.catch(() => undefined); // a later, intended exit is not an error
    await Promise.race([exitedEarly, eventually(`${this.options.name} to be ready (log: ${this.process.logFile})`, () => this.isReady(), timeoutMs, 200)]);
    return this;
  }

  private async isReady(): Promise<true | undefined> {
    if (this.options.readyLine) return this.process.output.includes(this.options.readyLine) ? true : undefined;
    const response = await fetch(`http://127.0.0.1:${this.options.healthPort}/health/ready`);
    return response.ok ? true : undefined;
  }

  /** SIGTERM (graceful) by default; SIGKILL to simulate a crash. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    return this.process.stop(signal);
  }
}
