import { eventually } from '@vigil/testing';
import { expectNothingLostOrDuplicated, startFaultRig, type FaultEnvironment } from '../support/outage-ledger';
import type { TestPlatform } from '../support/platform';
import type { SteadyAlertStream } from '../support/steady-alert-stream';

/** Alerts to see accepted after NATS is back, so the stream spans before, during and after. */
const ACCEPTED_AFTER_RESTART = 50;
/** How long NATS stays down: the supervisor's first restart wait. Long enough for publishes, pulls and heartbeats to fail. */
const NATS_DOWN_MS = 5_000;

/**
 * REL: nats-server (JetStream, fsync always) is killed with SIGKILL during a
 * steady alert stream and restarted by the supervisor on the same store
 * 5 s later. The
 * services ride it out without restarting (Postgres is the copy of accepted
 * data; outbox relays and consumers reconnect), and nothing accepted is lost
 * or duplicated: every alert answered 2xx is stored once and reaches its
 * outage, one outage per environment, each email once.
 */
describe('nats-server killed and restarted during a steady alert stream', () => {
  let platform: TestPlatform;
  let environments: FaultEnvironment[];
  let stream: SteadyAlertStream;

  beforeAll(async () => {
    ({ platform, environments, stream } = await startFaultRig({ restartBackoff: { initialMs: NATS_DOWN_MS } }));
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  it('the services ride it out; every accepted alert is stored once and reaches one outage per environment; each email once', async () => {
    const startedAt = performance.now();
    stream.start();
    try {
      await eventually('an outage ticket for every environment before NATS dies', async () => {
        const [row] = await platform.query<{ n: number }>(`SELECT count(*)::int AS n FROM ticketing.outages`);
        return row!.n === environments.length ? true : undefined;
      });
      const before = platform.supervisor.status('nats-server');
      process.kill(before.pid!, 'SIGKILL');
      await eventually('nats-server to be restarted and ready', () => {
        const now = platform.supervisor.status('nats-server');
        return now.ready && now.pid !== before.pid ? now : undefined;
      });
      const acceptedAtRestart = stream.accepted.size;
      await eventually(`${ACCEPTED_AFTER_RESTART} more alerts accepted after the restart`, () =>
        stream.accepted.size >= acceptedAtRestart + ACCEPTED_AFTER_RESTART ? true : undefined,
      );
    } finally {
      await stream.stop();
    }

    const outcome = await expectNothingLostOrDuplicated(platform, stream, environments);

    const restarts = Object.fromEntries(platform.supervisor.statuses().map((s) => [s.name, s.restarts]));
    expect(restarts).toEqual({ 'nats-server': 1, 'monitoring-ingest': 0, ticketing: 0, notifications: 0, identity: 0, 'api-gateway': 0, 'workflow-worker': 0 });
    await eventually('every process ready', () => (platform.supervisor.statuses().every((s) => s.ready) ? true : undefined));
    console.log(
      JSON.stringify({ test: 'nats restart', ...stream.figures, ...outcome, restarts, seconds: Math.round((performance.now() - startedAt) / 1000), supervisor: platform.supervisorLog }, null, 1),
    );
  }, 240_000);
});
