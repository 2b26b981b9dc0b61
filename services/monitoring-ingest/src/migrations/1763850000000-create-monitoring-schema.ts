import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTablesSql, dropMessagingTablesSql } from '@vigil/platform-messaging';

export class CreateMonitoringSchema1763850000000 implements MigrationInterface {
  name = 'CreateMonitoringSchema1763850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE monitoring.integrations (
      id uuid CONSTRAINT integrations_pk PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL CONSTRAINT integrations_kind_check CHECK (kind IN ('alertmanager', 'pagerduty', 'generic')),
      api_key_hash text NOT NULL CONSTRAINT integrations_api_key_hash_uq UNIQUE,
      environment_label text NOT NULL DEFAULT 'environment',
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz)`);
    // One row per distinct alert state change. Firing alerts are keyed without
    // endsAt (Alertmanager moves a firing alert's projected end on every
    // repeat); resolved ones by their real end. HA duplicates and repeats
    // therefore hit the unique index and change nothing.
    await q.query(`CREATE TABLE monitoring.alert_events (
      id uuid CONSTRAINT alert_events_pk PRIMARY KEY,
      integration_id uuid NOT NULL CONSTRAINT alert_events_integration_fk REFERENCES monitoring.integrations (id),
      fingerprint text NOT NULL,
      status text NOT NULL CONSTRAINT alert_events_status_check CHECK (status IN ('firing', 'resolved')),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz,
      environment_key text,
      alert_name text NOT NULL,
      summary text NOT NULL,
      labels jsonb NOT NULL,
      annotations jsonb NOT NULL,
      group_key text,
      received_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE UNIQUE INDEX alert_events_dedupe_uq ON monitoring.alert_events
      (integration_id, fingerprint, status, starts_at, (COALESCE(ends_at, '-infinity'::timestamptz)))`);
    await q.query(`CREATE INDEX alert_events_environment_idx ON monitoring.alert_events (environment_key, received_at)`);
    for (const sql of createMessagingTablesSql('monitoring')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropMessagingTablesSql('monitoring')) await q.query(sql);
    await q.query('DROP TABLE monitoring.alert_events');
    await q.query('DROP TABLE monitoring.integrations');
  }
}
