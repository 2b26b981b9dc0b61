import { eventually } from '@vigil/testing';
import { expectNothingLostOrDuplicated, seedFaultEnvironments, type FaultEnvironment } from '../support/outage-ledger';
import { type ProcessName, TestPlatform } from '../support/platform';
import { SteadyAlertStream } from '../support/steady-alert-stream';

/** Short enough that the team-lead escalations come due while processes are being killed. */
const TEAM_LEAD_AFTER_MS = 15_000;
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

  beforeAll(async () => {
    platform = await TestPlatform.start({
      services: ['monitoring-ingest', 'ticketing', 'notifications', 'identity', 'api-gateway'],
      workflowWorker: true,
      supervised: true,
      env: { OUTAGE_TEAM_LEAD_AFTER_MS: String(TEAM_LEAD_AFTER_MS), OUTAGE_RECOVERY_TARGET_MS: String(3_600_000) },
    });
    environments = await seedFaultEnvironments(platform, 2);
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  it('each comes back; every accepted alert is stored once and reaches one outage per environment; each email once', async () => {
    const startedAt = performance.now();
    const stream = new SteadyAlertStream(platform.url('monitoring-ingest'), platform.monitoringKey, environments.map((e) => e.key));
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
