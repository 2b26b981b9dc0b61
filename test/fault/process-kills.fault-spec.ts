import { eventually } from '@vigil/testing';
import { expectNothingLostOrDuplicated, startFaultRig, type FaultEnvironment } from '../support/outage-ledger';
import type { ProcessName, TestPlatform } from '../support/platform';
import type { SteadyAlertStream } from '../support/steady-alert-stream';

const VICTIMS: ProcessName[] = ['monitoring-ingest', 'ticketing', 'notifications', 'identity', 'api-gateway', 'workflow-worker'];

/**
 * REL under `npm start`'s supervisor: each Vigil process in turn is killed
 * with SIGKILL while alerts arrive at a steady rate. Each comes back on its
 * own, and nothing accepted is lost or duplicated: every alert answered 2xx is
 * stored once and reaches its outage, one outage per environment, one creation
 * email per outage ticket and one of each escalation email.
 */
describe('kill -9 of each Vigil process under the supervisor', () => {
  let platform: TestPlatform;
  let environments: FaultEnvironment[];
  let stream: SteadyAlertStream;

  beforeAll(async () => {
    ({ platform, environments, stream } = await startFaultRig());
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  it('each comes back; every accepted alert is stored once and reaches one outage per environment; each email once', async () => {
    const startedAt = performance.now();
    stream.start();
    try {
      await eventually('the first accepted alert', () => (stream.accepted.size > 0 ? true : undefined));
      for (const victim of VICTIMS) {
        const before = platform.supervisor.status(victim);
        const acceptedBefore = stream.accepted.size;
        process.kill(before.pid!, 'SIGKILL');
        // The rest keep serving while the victim is down: the gateway answers, the intake accepts.
        if (victim !== 'api-gateway') expect((await fetch(`${platform.url('api-gateway')}/health/ready`)).status).toBe(200);
        if (victim !== 'monitoring-ingest') {
          await eventually(`an alert accepted while ${victim} is down`, () => (stream.accepted.size > acceptedBefore ? true : undefined));
        }
        await eventually(
          `${victim} to be restarted and ready`,
          () => {
            const now = platform.supervisor.status(victim);
            return now.ready && now.pid !== before.pid ? now : undefined;
          },
          60_000,
          200,
        );
      }
    } finally {
      await stream.stop();
    }

    const outcome = await expectNothingLostOrDuplicated(platform, stream, environments);

    // Each victim was restarted exactly once: killing one never took another down with it.
    const restarts = Object.fromEntries(platform.supervisor.statuses().map((s) => [s.name, s.restarts]));
    expect(restarts).toEqual({ 'nats-server': 0, ...Object.fromEntries(VICTIMS.map((name) => [name, 1])) });
    expect(platform.supervisor.statuses().every((s) => s.ready)).toBe(true);
    console.log(
      JSON.stringify({ test: 'process kills', ...stream.figures, ...outcome, restarts, seconds: Math.round((performance.now() - startedAt) / 1000), supervisor: platform.supervisorLog }, null, 1),
    );
  }, 240_000);
});
