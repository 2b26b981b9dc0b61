import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Three alert formats (MON-1), routing rules per integration and unrouted
 * alerts (MON-2), and PagerDuty's open alerts: a dedup_key names one open
 * alert until it is resolved, then the same key opens a new one.
 */
export class AlertIntake1763960000000 implements MigrationInterface {
  name = 'AlertIntake1763960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE monitoring.alert_events DROP CONSTRAINT alert_events_status_check`);
    await q.query(`ALTER TABLE monitoring.alert_events
      ADD CONSTRAINT alert_events_status_check CHECK (status IN ('firing', 'acknowledged', 'resolved')),
      ADD COLUMN source text NOT NULL DEFAULT 'alertmanager' CONSTRAINT alert_events_source_check CHECK (source IN ('alertmanager', 'pagerduty', 'generic')),
      ADD COLUMN severity text,
      ADD COLUMN truncated_alerts integer NOT NULL DEFAULT 0,
      ADD COLUMN unrouted_reason text`);
    await q.query(`ALTER TABLE monitoring.alert_events ALTER COLUMN source DROP DEFAULT`);
    await q.query(`CREATE INDEX alert_events_received_idx ON monitoring.alert_events (received_at DESC, id DESC)`);
    await q.query(`CREATE INDEX alert_events_unrouted_idx ON monitoring.alert_events (received_at DESC, id DESC) WHERE environment_key IS NULL OR unrouted_reason IS NOT NULL`);
    await q.query(`ALTER TABLE monitoring.integrations ADD COLUMN routing_rules jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`CREATE TABLE monitoring.pagerduty_open_alerts (
      integration_id uuid NOT NULL CONSTRAINT pagerduty_open_alerts_integration_fk REFERENCES monitoring.integrations (id),
      dedup_key text NOT NULL,
      starts_at timestamptz NOT NULL,
      CONSTRAINT pagerduty_open_alerts_pk PRIMARY KEY (integration_id, dedup_key))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE monitoring.pagerduty_open_alerts`);
    await q.query(`ALTER TABLE monitoring.integrations DROP COLUMN routing_rules`);
    await q.query(`DROP INDEX monitoring.alert_events_unrouted_idx`);
    await q.query(`DROP INDEX monitoring.alert_events_received_idx`);
    await q.query(`DELETE FROM monitoring.alert_events WHERE status = 'acknowledged'`);
    await q.query(`ALTER TABLE monitoring.alert_events DROP CONSTRAINT alert_events_status_check,
      DROP COLUMN source, DROP COLUMN severity, DROP COLUMN truncated_alerts, DROP COLUMN unrouted_reason`);
    await q.query(`ALTER TABLE monitoring.alert_events ADD CONSTRAINT alert_events_status_check CHECK (status IN ('firing', 'resolved'))`);
  }
}
