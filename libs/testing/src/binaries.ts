import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-root';

export interface InfrastructureBinaries {
  natsServer: string;
  temporal: string;
  /** Prometheus Alertmanager, a real alert sender for end-to-end tests. */
  alertmanager: string;
}

/**
 * The pinned nats-server, Temporal CLI and Alertmanager, built from Go modules on first use
 * by the project's own script and cached outside the clone.
 */
export function ensureBinaries(): InfrastructureBinaries {
  const script = join(REPO_ROOT, 'deploy/scripts/ensure-binaries.sh');
  const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const paths = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((line) => line.split('=') as [string, string]),
  );
  if (!paths['NATS_SERVER_BIN'] || !paths['TEMPORAL_BIN'] || !paths['ALERTMANAGER_BIN']) throw new Error(`ensure-binaries printed no paths: ${out}`);
  return { natsServer: paths['NATS_SERVER_BIN'], temporal: paths['TEMPORAL_BIN'], alertmanager: paths['ALERTMANAGER_BIN'] };
}
