import { connect } from 'node:net';

/**
 * When a supervised process counts as serving: its port accepts connections,
 * an HTTP endpoint answers 2xx, or it printed a line (since its latest start).
 */
export type Readiness = { port: number } | { httpUrl: string } | { outputIncludes: string };

export async function isReady(readiness: Readiness | undefined, outputSinceStart: string): Promise<boolean> {
  if (!readiness) return true;
  if ('outputIncludes' in readiness) return outputSinceStart.includes(readiness.outputIncludes);
  if ('httpUrl' in readiness) {
    try {
      return (await fetch(readiness.httpUrl, { signal: AbortSignal.timeout(2_000) })).ok;
    } catch {
      return false;
    }
  }
  return portAccepts(readiness.port);
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
