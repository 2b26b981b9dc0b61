import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess } from './child-process';
import { freePort, waitForPort } from './free-port';

export interface RunningNats {
  url: string;
  stop(): Promise<void>;
}

/**
 * A private nats-server with JetStream, fsyncing every write
 * (`sync_interval: always`) as in production, on a free port with its own
 * store directory.
 */
export async function startNatsServer(binary: string, name = 'nats-server'): Promise<RunningNats> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'vigil-nats-'));
  const config = join(dir, 'nats-server.conf');
  writeFileSync(config, `listen: 127.0.0.1:${port}\njetstream {\n  store_dir: "${join(dir, 'jetstream')}"\n  sync_interval: always\n}\n`);
  const process = new ManagedProcess(name, binary, ['-c', config], { PATH: globalThis.process.env['PATH'] });
  process.start();
  await waitForPort(port, 10_000);
  return {
    url: `nats://127.0.0.1:${port}`,
    async stop() {
      await process.stop('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
