import type { DataSourceOptions } from 'typeorm';
import type { StreamContract } from '@vigil/contracts';
import type { AuditSealing } from '@vigil/platform-audit';

/** What the platform needs to know about a service to wire its infrastructure. */
export interface ServiceDefinition {
  /** Also the NATS queue group, the Postgres application name and the OTel service name. */
  name: string;
  /** The PostgreSQL schema the service owns. */
  schema: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  /**
   * Streams the service publishes to or consumes from, declared idempotently at start: the
   * ones it owns (libs/contracts nats-access.ts) created or updated, the others only created when missing.
   */
  streams: StreamContract[];
  /** Whether the service keeps a hash-chained audit log (ACC-1); its schema then has `audit_log`. */
  audited?: boolean;
  /**
   * When an audit entry joins the chain (decision 0024). `after-commit` needs `audit_intake`
   * in the schema and suits services whose audited writes must not commit one at a time.
   */
  auditSealing?: AuditSealing;
  /** Whether the service talks to Temporal (client or activity worker). */
  usesTemporal: boolean;
  /** Whether the service starts or signals workflows: its schema then has `workflow_commands`, delivered by the platform (rule 7a). */
  workflowCommands?: boolean;
  /** Durable consumers of earlier versions, deleted at start (e.g. after moving work to the workflow-command outbox). */
  retiredConsumers?: Array<{ stream: string; durable: string }>;
}
