import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess } from './child-process';
import { freePort, waitForPort } from './free-port';

export interface RunningNats {
  url: string;
  stop(): Promise<void>;
}

/** A private nats-server's configuration, not yet started: for running it under a supervisor. */
export interface PreparedNats {
  url: string;
  port: number;
  command: string;
  args: string[];
  /** Removes the configuration and the JetStream store. */
  cleanUp(): void;
}

export interface NatsServerOptions {
  /** An `authorization` block (natsAuthorizationConfig); without one, anyone may do anything. */
  authorization?: string;
}

/**
 * A private nats-server with JetStream, fsyncing every write
 * (`sync_interval: always`) as in production, on a free port with its own
 * store directory, which a restart of the same command keeps.
 */
export async function prepareNatsServer(binary: string, options: NatsServerOptions = {}): Promise<PreparedNats> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'vigil-nats-'));
  const config = join(dir, 'nats-server.conf');
  writeFileSync(config, `listen: 127.0.0.1:${port}\njetstream {\n  store_dir: "${join(dir, 'jetstream')}"\n  sync_interval: always\n}\n${options.authorization ?? ''}`, { mode: 0o600 });
  return { url: `nats://127.0.0.1:${port}`, port, command: binary, args: ['-c', config], cleanUp: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A private nats-server (see prepareNatsServer), started. */
export async function startNatsServer(binary: string, name = 'nats-server', options: NatsServerOptions = {}): Promise<RunningNats> {
  const prepared = await prepareNatsServer(binary, options);
  const process = new ManagedProcess(name, prepared.command, prepared.args, { PATH: globalThis.process.env['PATH'] });
  process.start();
  await waitForPort(prepared.port, 10_000);
  return {
    url: prepared.url,
    async stop() {
      await process.stop('SIGTERM');
      prepared.cleanUp();
    },
  };
}
