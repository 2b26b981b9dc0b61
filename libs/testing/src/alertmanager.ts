import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess } from './child-process';
import { freePort, waitForPort } from './free-port';

export interface RunningAlertmanager {
  /** Alertmanager's own API, e.g. `${url}/api/v2/alerts`. */
  url: string;
  stop(): Promise<void>;
}

/** An alert pushed into Alertmanager's API v2, as Prometheus pushes it. */
export interface PushedAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

/**
 * A real Prometheus Alertmanager (the pinned binary) with one webhook
 * receiver: the given URL, authenticated with a bearer key through
 * `http_config.authorization`, resolved alerts included. Clustering is off and
 * grouping waits are short so a test sees notifications within seconds.
 */
export async function startAlertmanager(binary: string, webhook: { url: string; bearerKey: string }): Promise<RunningAlertmanager> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'vigil-alertmanager-'));
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(
    config,
    [
      'route:',
      '  receiver: vigil',
      "  group_by: ['alertname', 'environment']",
      '  group_wait: 1s',
      '  group_interval: 1s',
      '  repeat_interval: 1h',
      'receivers:',
      '  - name: vigil',
      '    webhook_configs:',
      `      - url: ${JSON.stringify(webhook.url)}`,
      '        send_resolved: true',
      '        http_config:',
      '          authorization:',
      '            type: Bearer',
      `            credentials: ${JSON.stringify(webhook.bearerKey)}`,
      '',
    ].join('\n'),
  );
  const process = new ManagedProcess('alertmanager', binary, [
    `--config.file=${config}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--log.level=debug',
  ], { PATH: globalThis.process.env['PATH'] });
  process.start();
  await waitForPort(port, 20_000);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async stop() {
      await process.stop('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Pushes alerts into Alertmanager's API v2 (what Prometheus does on every evaluation). */
export async function pushAlerts(alertmanagerUrl: string, alerts: PushedAlert[]): Promise<void> {
  const response = await fetch(`${alertmanagerUrl}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
  if (!response.ok) throw new Error(`Alertmanager refused the alerts: ${response.status} ${await response.text()}`);
}
