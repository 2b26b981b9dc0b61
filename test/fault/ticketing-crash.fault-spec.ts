import { testClock } from '../support/clock';
import { Client as PgClient } from 'pg';
import { eventually } from '@vigil/testing';
import { DEMO, TestPlatform } from '../support/platform';
import { alertmanagerFixture, postAlertmanager } from '../support/alerts';

const DEMO_ENVIRONMENT_ID = '3c9e1f70-2a4b-4d8c-9e6f-7a1b2c3d4e5f';

/**
 * REL (nothing lost or duplicated): ticketing is killed with SIGKILL while it
 * handles an accepted alert, before the ticket exists. After a restart the
 * redelivered event yields exactly one outage ticket and one creation email.
 *
 * To kill it at exactly that point without test hooks in production code, the
 * test holds the per-environment advisory lock that opening an outage takes:
 * ticketing's handler blocks inside its transaction (inbox row written, ticket
 * not yet) until the test sees it waiting and kills the process.
 */
describe('ticketing killed mid-handling', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['monitoring-ingest', 'ticketing', 'notifications'] });
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  it('still ends with exactly one outage ticket and one email', async () => {
    const blocker = new PgClient({ connectionString: platform.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [DEMO_ENVIRONMENT_ID]);

      const response = await postAlertmanager(platform.url('monitoring-ingest'), alertmanagerFixture('alertmanager-firing', { startsAt: testClock.now() }), platform.monitoringKey);
      expect(response.status).toBe(200);

      await eventually('ticketing to block on the environment lock', async () => {
        const waiting = await platform.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'ticketing' AND wait_event_type = 'Lock'`,
        );
        return waiting.length > 0 ? waiting : undefined;
      });
      await platform.process('ticketing').stop('SIGKILL');
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    expect(await platform.query('SELECT id FROM ticketing.tickets')).toHaveLength(0);
    expect(await platform.query('SELECT event_id FROM ticketing.inbox')).toHaveLength(0); // the killed transaction left nothing behind

    await platform.process('ticketing').start();

    // The killed delivery comes back once its ack wait (15 s) runs out.
    await eventually('the outage ticket after the restart', async () => {
      const tickets = await platform.query(`SELECT id FROM ticketing.tickets WHERE type = 'OUTAGE'`);
      return tickets.length > 0 ? tickets : undefined;
    }, 45_000);
    await platform.smtp.waitFor('the creation email', (m) => m.to.includes(DEMO.customerEmail));
    // Give any duplicate the time to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await platform.query('SELECT id FROM ticketing.tickets')).toHaveLength(1);
    expect(await platform.query('SELECT id FROM ticketing.outages')).toHaveLength(1);
    expect(platform.smtp.to(DEMO.customerEmail)).toHaveLength(1);
  });
});
