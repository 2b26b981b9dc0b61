import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT, serviceEnv } from '@vigil/testing';

/**
 * Runs a TypeScript script in a child Node process with V8's GC trace on and
 * a 2 MB young generation, so a short loop goes through dozens of scavenges,
 * and returns what share of what it allocated survived them. What each
 * scavenge kept is what was still reachable (or held by a dead old object),
 * not how fast the machine was. The first quarter of the scavenges is left
 * out: loading modules allocates what lives for the whole run.
 */
export async function scavengeSurvival(script: string, env: Record<string, string>): Promise<{ scavenges: number; survived: number; stdout: string }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--max-semi-space-size=2', '--trace-gc-nvp', '-r', '@swc-node/register', script], {
    cwd: REPO_ROOT,
    env: serviceEnv('gc-survival', env),
    maxBuffer: 64 * 1024 * 1024,
    timeout: 50_000,
  });
  const field = (line: string, name: string) => {
    const value = new RegExp(`\\b${name}=(\\d+)`).exec(line)?.[1];
    if (value === undefined) throw new Error(`the GC trace has no ${name}: ${line.slice(0, 200)}`);
    return Number(value);
  };
  const scavenges = stdout.split('\n').filter((line) => line.includes(' gc=s '));
  const measured = scavenges.slice(Math.floor(scavenges.length / 4));
  const allocated = measured.reduce((sum, line) => sum + field(line, 'allocated'), 0);
  const survived = measured.reduce((sum, line) => sum + field(line, 'new_space_survived'), 0);
  return { scavenges: measured.length, survived: allocated > 0 ? survived / allocated : NaN, stdout };
}
