import { randomUUID } from 'node:crypto';
import { eventually } from '@vigil/testing';
import type { RestartBackoff } from '@vigil/platform-supervisor';
import { DEMO, TestPlatform } from './platform';
import { SteadyAlertStream } from './steady-alert-stream';

export interface FaultEnvironment {
  id: string;
  key: string;
  name: string;
}

/** Short enough that the team-lead escalations come due while the fault tests do their damage. */
export const FAULT_TEAM_LEAD_AFTER_MS = 15_000;

export interface FaultRig {
  platform: TestPlatform;
  environments: FaultEnvironment[];
  /** The alert stream into this platform's intake, not yet started. */
  stream: SteadyAlertStream;
}

/**
 * Every service and the workflow worker under the supervisor `npm start`
 * uses, with three environments of the demo customer for the alerts to open
 * outages in, and the team-lead escalation shortened.
 */
export async function startFaultRig(options: { restartBackoff?: Partial<RestartBackoff> } = {}): Promise<FaultRig> {
  const platform = await TestPlatform.start({
    services: ['monitoring-ingest', 'ticketing', 'notifications', 'identity', 'api-gateway'],
    workflowWorker: true,
    supervised: true,
    restartBackoff: options.restartBackoff,
    env: { OUTAGE_TEAM_LEAD_AFTER_MS: String(FAULT_TEAM_LEAD_AFTER_MS), OUTAGE_RECOVERY_TARGET_MS: String(3_600_000) },
  });
  const environments = await seedFaultEnvironments(platform, 2);
  const stream = new SteadyAlertStream(platform.url('monitoring-ingest'), platform.monitoringKey, environments.map((e) => e.key));
  return { platform, environments, stream };
}

/** The demo environment plus `extra` more of the demo customer, so a fault test opens several outages. */
export async function seedFaultEnvironments(platform: TestPlatform, extra: number): Promise<FaultEnvironment[]> {
  const [demo] = await platform.query<FaultEnvironment>(`SELECT id, key, name FROM ticketing.environments WHERE key = $1`, [DEMO.environmentKey]);
  const more = Array.from({ length: extra }, (_, i) => ({ id: randomUUID(), key: `fault-env-${i + 1}`, name: `Fault Env ${i + 1}` }));
  for (const environment of more) {
    await platform.query(`INSERT INTO ticketing.environments (id, customer_id, key, name, product) VALUES ($1, $2, $3, $4, 'JIRA')`, [
      environment.id,
      DEMO.customerId,
      environment.key,
      environment.name,
    ]);
  }
  return [demo!, ...more];
}

export interface OutcomeFigures {
  storedAlerts: number;
  alertsOnOutages: number;
  outages: number;
  creationEmails: number;
  onCallEmails: number;
  teamLeadEmails: number;
}

/**
 * What went in against what came out, read only from observable outcomes
 * (rows in each service's tables, emails at the test's SMTP server): every
 * accepted alert stored once by monitoring-ingest and attached to the outage
 * of its environment in ticketing, exactly one outage per environment, and
 * per outage ticket exactly one creation email, one on-call and one team-lead
 * escalation.
 */
export async function expectNothingLostOrDuplicated(platform: TestPlatform, stream: SteadyAlertStream, environments: FaultEnvironment[]): Promise<OutcomeFigures> {
  const accepted = stream.accepted;
  expect(stream.figures).toMatchObject({ rejected: 0, accepted: stream.figures.sent });

  const stored = await platform.query<{ fingerprint: string; copies: number }>(`SELECT fingerprint, count(*)::int AS copies FROM monitoring.alert_events GROUP BY fingerprint`);
  expect(stored.filter((row) => row.copies !== 1)).toEqual([]);
  expect(new Set(stored.map((row) => row.fingerprint))).toEqual(new Set(accepted.keys()));

  const onOutages = await eventually(
    'every accepted alert on the outage of its environment',
    async () => {
      const rows = await platform.query<{ fingerprint: string; key: string }>(
        `SELECT a.fingerprint, e.key FROM ticketing.outage_alerts a JOIN ticketing.outages o ON o.id = a.outage_id JOIN ticketing.environments e ON e.id = o.environment_id`,
      );
      return rows.length >= accepted.size ? rows : undefined;
    },
    60_000,
    500,
  );
  expect(new Map(onOutages.map((row) => [row.fingerprint, row.key]))).toEqual(accepted);
  expect(onOutages).toHaveLength(accepted.size);

  const outages = await platform.query<{ key: string; number: string }>(
    `SELECT e.key, t.number::text AS number FROM ticketing.outages o JOIN ticketing.environments e ON e.id = o.environment_id JOIN ticketing.tickets t ON t.id = o.ticket_id`,
  );
  expect(outages.map((o) => o.key).sort()).toEqual(environments.map((e) => e.key).sort());

  const emails = (to: string, kind: string) => (ticket: string) =>
    platform.smtp.to(to).filter((m) => m.subject.startsWith(`[Vigil #${ticket}] `) && m.subject.includes(kind));
  const creation = emails(DEMO.customerEmail, 'Ticket created');
  const onCall = emails(DEMO.oncallEmail, ': act now');
  const teamLead = emails(DEMO.teamLeadEmail, ': nobody has taken it');
  await eventually(
    'the creation, on-call and team-lead emails of every outage',
    () => (outages.every((o) => creation(o.number).length && onCall(o.number).length && teamLead(o.number).length) ? true : undefined),
    60_000,
    500,
  );
  // Give a duplicate (a redelivery, a replayed activity) the time to show up before counting.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  for (const outage of outages) {
    expect({ ticket: outage.number, creation: creation(outage.number).length, onCall: onCall(outage.number).length, teamLead: teamLead(outage.number).length }).toEqual({
      ticket: outage.number,
      creation: 1,
      onCall: 1,
      teamLead: 1,
    });
  }
  const count = (pick: (ticket: string) => unknown[]) => outages.reduce((sum, o) => sum + pick(o.number).length, 0);
  return {
    storedAlerts: stored.length,
    alertsOnOutages: onOutages.length,
    outages: outages.length,
    creationEmails: count(creation),
    onCallEmails: count(onCall),
    teamLeadEmails: count(teamLead),
  };
}
