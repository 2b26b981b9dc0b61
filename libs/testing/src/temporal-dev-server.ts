import { Connection } from '@temporalio/client';
import { ManagedProcess } from './child-process';
import { freePort } from './free-port';
import { eventually } from './eventually';

export interface RunningTemporal {
  address: string;
  stop(): Promise<void>;
}

/**
 * The Temporal CLI dev server (a real Temporal server), in memory, headless,
 * on free ports, with the given namespaces created up front.
 */
export async function startTemporalDevServer(binary: string, namespaces: string[]): Promise<RunningTemporal> {
  const [port, httpPort, metricsPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const args = ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--http-port', String(httpPort), '--metrics-port', String(metricsPort), '--log-level', 'warn'];
  for (const ns of namespaces) args.push('--namespace', ns);
  const server = new ManagedProcess('temporal-dev-server', binary, args, { PATH: process.env['PATH'], HOME: process.env['HOME'] });
  server.start();
  const address = `127.0.0.1:${port}`;
  await eventually(
    'the Temporal dev server to serve its namespaces',
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        for (const namespace of namespaces) await connection.workflowService.describeNamespace({ namespace });
        return true;
      } finally {
        await connection.close();
      }
    },
    60_000,
    250,
  );
  return { address, stop: () => server.stop('SIGTERM') };
}
