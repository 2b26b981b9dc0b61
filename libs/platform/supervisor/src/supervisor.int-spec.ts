import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Supervisor, type SupervisedProcessSpec } from './supervisor';

/** Real child processes (small node scripts): restarts, backoff, readiness and stopping. */
describe('Supervisor', () => {
  let dir: string;
  let logged: string[];
  let supervisor: Supervisor;

  const node = (name: string, script: string, readiness?: SupervisedProcessSpec['readiness']): SupervisedProcessSpec => ({
    name,
    command: process.execPath,
    args: ['-e', script],
    env: { PATH: process.env['PATH'] },
    logFile: join(dir, `${name}.log`),
    readiness,
  });
  /** Prints "up" and stays alive; SIGTERM ends it. */
  const longRunning = "console.log('up'); setInterval(() => undefined, 1000)";
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const until = async (what: string, condition: () => boolean, timeoutMs = 15_000) => {
    for (const deadline = performance.now() + timeoutMs; !condition(); await new Promise((r) => setTimeout(r, 50))) {
      if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    }
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-supervisor-'));
    logged = [];
    supervisor = new Supervisor({ backoff: { initialMs: 100, factor: 2, maxMs: 400, resetAfterMs: 60_000 }, log: (line) => logged.push(line), stopGraceMs: 2_000, readinessPollMs: 50 });
  });

  afterEach(async () => {
    await supervisor.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts a stage only as far as "ready": here, once the process printed its ready line', async () => {
    await supervisor.start([node('slow', `setTimeout(() => console.log('listening'), 300); setInterval(() => undefined, 1000)`, { outputIncludes: 'listening' })]);
    expect(supervisor.status('slow')).toMatchObject({ ready: true, restarts: 0 });
  });

  it('restarts a process killed with SIGKILL, logs it, and leaves the others running', async () => {
    await supervisor.start([node('victim', longRunning, { outputIncludes: 'up' }), node('bystander', longRunning, { outputIncludes: 'up' })]);
    const victimPid = supervisor.status('victim').pid!;
    const bystanderPid = supervisor.status('bystander').pid!;

    process.kill(victimPid, 'SIGKILL');

    await until('the victim to be ready again', () => supervisor.status('victim').ready && supervisor.status('victim').pid !== victimPid);
    expect(supervisor.status('victim')).toMatchObject({ restarts: 1, lastExit: { code: null, signal: 'SIGKILL' } });
    expect(supervisor.status('bystander')).toMatchObject({ pid: bystanderPid, restarts: 0, ready: true });
    expect(logged).toEqual([expect.stringMatching(/^victim was killed by SIGKILL after .* s; restart 1 in 0\.1 s/), expect.stringMatching(/^victim is ready again \(pid \d+, restart 1\)/)]);
    expect(readFileSync(join(dir, 'victim.log'), 'utf8')).toMatch(/start \(restart 1\), pid \d+/);
  });

  it('backs off exponentially, up to its maximum, while a process keeps crashing', async () => {
    const crashing = node('crashing', 'process.exit(3)');
    void supervisor.start([crashing]).catch(() => undefined); // never ready; stop() ends the wait
    await until('five restarts', () => supervisor.status('crashing').restarts >= 5);
    const waits = logged.filter((line) => line.startsWith('crashing exited with code 3')).map((line) => /in ([\d.]+) s/.exec(line)![1]);
    expect(waits.slice(0, 5)).toEqual(['0.1', '0.2', '0.4', '0.4', '0.4']);
  });

  it('stop() ends every process, last stage first, kills one that ignores SIGTERM, and cancels a pending restart', async () => {
    // A long first wait, so the restart is surely still pending when stop() runs.
    supervisor = new Supervisor({ backoff: { initialMs: 60_000 }, log: (line) => logged.push(line), stopGraceMs: 2_000, readinessPollMs: 50 });
    await supervisor.start([node('infrastructure', longRunning, { outputIncludes: 'up' })]);
    await supervisor.start([
      node('stubborn', "process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('up'); setInterval(() => undefined, 1000)", { outputIncludes: 'up' }),
      node('service', longRunning, { outputIncludes: 'up' }),
    ]);
    const pids = supervisor.statuses().map((s) => s.pid!);
    const service = supervisor.status('service').pid!;
    process.kill(service, 'SIGKILL');
    await until('the restart to be scheduled', () => supervisor.status('service').pid === null);

    await supervisor.stop();

    expect(pids.filter(alive)).toEqual([]);
    expect(supervisor.statuses().map((s) => s.pid)).toEqual([null, null, null]);
    expect(logged.some((line) => line.startsWith('stubborn did not stop within 2.0 s of SIGTERM; killing it'))).toBe(true);
    expect(logged.filter((line) => line.includes('is ready again'))).toEqual([]);
    expect(supervisor.statuses().map((s) => s.restarts)).toEqual([0, 0, 1]);
  });
});
