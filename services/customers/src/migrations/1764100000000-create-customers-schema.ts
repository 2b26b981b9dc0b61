import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditLogSql, dropAuditLogSql } from '@vigil/platform-audit';
import { createMessagingTablesSql, dropMessagingTablesSql, outboxAbandonmentMigration } from '@vigil/platform-messaging';

/**
 * Customers, their contacts, their one current contract and their hosted
 * environments (SPEC "Domain"). Ids are never reused: nothing is deleted,
 * environments are retired and customers end through offboarding. Each row
 * carries a revision for optimistic concurrency between replicas and staff.
 */
export class CreateCustomersSchema1764100000000 implements MigrationInterface {
  name = 'CreateCustomersSchema1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE customers.customers (
      id uuid CONSTRAINT customers_pk PRIMARY KEY,
      name text NOT NULL,
      coverage text NOT NULL CONSTRAINT customers_coverage_check CHECK (coverage IN ('BUSINESS_HOURS', '24x7')),
      time_zone text NOT NULL,
      weekly_hours jsonb NOT NULL,
      holidays jsonb NOT NULL DEFAULT '[]',
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      revision integer NOT NULL DEFAULT 1)`);
    await q.query(`CREATE UNIQUE INDEX customers_name_uq ON customers.customers (lower(name))`);

    await q.query(`CREATE TABLE customers.contacts (
      id uuid CONSTRAINT contacts_pk PRIMARY KEY,
      customer_id uuid NOT NULL CONSTRAINT contacts_customer_fk REFERENCES customers.customers (id),
      name text NOT NULL,
      email text NOT NULL,
      phone text,
      roles text[] NOT NULL CONSTRAINT contacts_roles_check CHECK (roles <@ ARRAY['TECHNICAL', 'BILLING', 'SECURITY', 'ESCALATION']::text[] AND cardinality(roles) > 0))`);
    await q.query(`CREATE UNIQUE INDEX contacts_customer_email_uq ON customers.contacts (customer_id, lower(email))`);

    await q.query(`CREATE TABLE customers.contracts (
      customer_id uuid CONSTRAINT contracts_pk PRIMARY KEY CONSTRAINT contracts_customer_fk REFERENCES customers.customers (id),
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      renewal text NOT NULL CONSTRAINT contracts_renewal_check CHECK (renewal IN ('RENEWING', 'ENDING', 'ENDED')),
      offering text NOT NULL,
      primary_provider text NOT NULL,
      primary_region text NOT NULL,
      dr_provider text NOT NULL,
      dr_region text NOT NULL,
      response_minutes jsonb NOT NULL,
      uptime_percent numeric(6, 3) NOT NULL CONSTRAINT contracts_uptime_check CHECK (uptime_percent > 0 AND uptime_percent <= 100),
      rpo_minutes integer NOT NULL CONSTRAINT contracts_rpo_check CHECK (rpo_minutes > 0),
      rto_minutes integer NOT NULL CONSTRAINT contracts_rto_check CHECK (rto_minutes > 0),
      maintenance_windows jsonb NOT NULL DEFAULT '[]',
      CONSTRAINT contracts_dates_check CHECK (ends_on > starts_on),
      CONSTRAINT contracts_dr_region_check CHECK ((dr_provider, dr_region) <> (primary_provider, primary_region)))`);

    await q.query(`CREATE TABLE customers.environments (
      id uuid CONSTRAINT environments_pk PRIMARY KEY,
      customer_id uuid NOT NULL CONSTRAINT environments_customer_fk REFERENCES customers.customers (id),
      name text NOT NULL,
      key text NOT NULL,
      product text NOT NULL,
      product_version text NOT NULL,
      provider text NOT NULL,
      region text NOT NULL,
      server_id text NOT NULL,
      size text NOT NULL,
      public_ip inet,
      xml_export boolean NOT NULL,
      state text NOT NULL DEFAULT 'ACTIVE' CONSTRAINT environments_state_check CHECK (state IN ('ACTIVE', 'BEING_OFFBOARDED', 'DELETED')),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      retired_at timestamptz,
      revision integer NOT NULL DEFAULT 1)`);
    // A key routes alerts (MON-2): unique for ever, even after the environment is retired.
    await q.query(`CREATE UNIQUE INDEX environments_key_uq ON customers.environments (key)`);
    await q.query(`CREATE INDEX environments_customer_idx ON customers.environments (customer_id)`);

    for (const sql of createMessagingTablesSql('customers')) await q.query(sql);
    // The outbox as the other services have it since their abandonment migration (older than this schema, so run here).
    await new (outboxAbandonmentMigration('customers'))().up(q);
    for (const sql of createAuditLogSql('customers')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropAuditLogSql('customers')) await q.query(sql);
    for (const sql of dropMessagingTablesSql('customers')) await q.query(sql);
    await q.query(`DROP TABLE customers.environments, customers.contracts, customers.contacts, customers.customers`);
  }
}
