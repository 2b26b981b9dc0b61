import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTablesSql, dropMessagingTablesSql } from '@vigil/platform-messaging';

export class CreateTicketingSchema1763850100000 implements MigrationInterface {
  name = 'CreateTicketingSchema1763850100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ticketing.customers (
      id uuid CONSTRAINT customers_pk PRIMARY KEY,
      name text NOT NULL,
      contact_email text NOT NULL,
      time_zone text NOT NULL DEFAULT 'Europe/Berlin',
      coverage text NOT NULL DEFAULT 'BUSINESS_HOURS' CONSTRAINT customers_coverage_check CHECK (coverage IN ('BUSINESS_HOURS', '24x7')),
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE ticketing.environments (
      id uuid CONSTRAINT environments_pk PRIMARY KEY,
      customer_id uuid NOT NULL CONSTRAINT environments_customer_fk REFERENCES ticketing.customers (id),
      key text NOT NULL CONSTRAINT environments_key_uq UNIQUE,
      name text NOT NULL,
      product text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE ticketing.tickets (
      id uuid CONSTRAINT tickets_pk PRIMARY KEY,
      number bigserial CONSTRAINT tickets_number_uq UNIQUE,
      customer_id uuid NOT NULL CONSTRAINT tickets_customer_fk REFERENCES ticketing.customers (id),
      environment_id uuid CONSTRAINT tickets_environment_fk REFERENCES ticketing.environments (id),
      type text NOT NULL CONSTRAINT tickets_type_check CHECK (type IN ('SUPPORT', 'OUTAGE', 'SECURITY_INCIDENT')),
      severity text NOT NULL CONSTRAINT tickets_severity_check CHECK (severity IN ('S1', 'S2', 'S3', 'S4')),
      status text NOT NULL,
      title text NOT NULL,
      reporter_email text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      recovered_at timestamptz,
      recovery_minutes numeric(12, 2),
      recovery_target_breached_at timestamptz)`);
    await q.query(`CREATE INDEX tickets_customer_idx ON ticketing.tickets (customer_id, created_at DESC)`);
    await q.query(`CREATE TABLE ticketing.ticket_history (
      id bigserial CONSTRAINT ticket_history_pk PRIMARY KEY,
      ticket_id uuid NOT NULL CONSTRAINT ticket_history_ticket_fk REFERENCES ticketing.tickets (id),
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      action text NOT NULL,
      field text,
      from_value text,
      to_value text)`);
    await q.query(`CREATE INDEX ticket_history_ticket_idx ON ticketing.ticket_history (ticket_id, id)`);
    await q.query(`CREATE TABLE ticketing.outages (
      id uuid CONSTRAINT outages_pk PRIMARY KEY,
      environment_id uuid NOT NULL CONSTRAINT outages_environment_fk REFERENCES ticketing.environments (id),
      customer_id uuid NOT NULL CONSTRAINT outages_customer_fk REFERENCES ticketing.customers (id),
      ticket_id uuid NOT NULL CONSTRAINT outages_ticket_fk REFERENCES ticketing.tickets (id),
      started_at timestamptz NOT NULL,
      restored_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now())`);
    // MON-2: at most one open outage per environment, enforced by the database
    // so concurrent alerts can never open a second one.
    await q.query(`CREATE UNIQUE INDEX outages_one_open_per_environment_uq ON ticketing.outages (environment_id) WHERE restored_at IS NULL`);
    await q.query(`CREATE TABLE ticketing.outage_alerts (
      outage_id uuid NOT NULL CONSTRAINT outage_alerts_outage_fk REFERENCES ticketing.outages (id),
      integration_id uuid NOT NULL,
      fingerprint text NOT NULL,
      status text NOT NULL CONSTRAINT outage_alerts_status_check CHECK (status IN ('firing', 'resolved')),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz,
      CONSTRAINT outage_alerts_pk PRIMARY KEY (outage_id, integration_id, fingerprint))`);
    for (const sql of createMessagingTablesSql('ticketing')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropMessagingTablesSql('ticketing')) await q.query(sql);
    for (const table of ['outage_alerts', 'outages', 'ticket_history', 'tickets', 'environments', 'customers']) {
      await q.query(`DROP TABLE ticketing.${table}`);
    }
  }
}
