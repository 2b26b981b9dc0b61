import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Server } from 'node:http';
import { DataSource } from 'typeorm';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { PlatformConfig } from '@vigil/platform-config';
import { gauge, onScrape, serveMetrics } from '@vigil/platform-observability';
import { queryRows } from '@vigil/platform-persistence';
import { NATS_CONNECTION, PLATFORM_CONFIG, SERVICE_DEFINITION } from './tokens';
import type { ServiceDefinition } from './service-definition';
import { BackgroundWork } from './background-work';

const outboxBacklog = gauge({ name: 'vigil_outbox_backlog', help: 'Committed outbox events not yet published to JetStream (abandoned rows excluded)' });
const outboxOldestAge = gauge({ name: 'vigil_outbox_oldest_unpublished_age_seconds', help: 'Age of the oldest unpublished outbox event; 0 when none waits' });
const outboxAbandoned = gauge({ name: 'vigil_outbox_abandoned', help: 'Outbox events abandoned after repeated refusals by JetStream (kept for an operator)' });
const deadLetterRows = gauge({ name: 'vigil_dead_letter_messages', help: 'Messages in the service\'s dead_letter table' });
const poolConnections = gauge({ name: 'vigil_db_pool_connections', help: 'Postgres pool connections by state (in_use, idle) and requests waiting for one (waiting)', labelNames: ['state'] });
const poolMax = gauge({ name: 'vigil_db_pool_max_connections', help: 'Largest size of the Postgres pool' });
const consumerPending = gauge({ name: 'vigil_jetstream_consumer_pending_messages', help: 'JetStream consumer lag: messages in the stream not yet delivered to the durable consumer (num_pending)', labelNames: ['stream', 'consumer'] });
const consumerAckPending = gauge({ name: 'vigil_jetstream_consumer_ack_pending_messages', help: 'Messages delivered to the durable consumer and not yet acknowledged', labelNames: ['stream', 'consumer'] });

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max?: number };
}

/**
 * The service's metrics endpoint (METRICS_HOST:METRICS_PORT/metrics) and the
 * gauges read at scrape time: outbox backlog and age, dead letters, pool
 * usage and JetStream consumer lag.
 */
@Injectable()
export class PlatformMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Metrics');
  private server: Server | null = null;
  private readonly removals: Array<() => void> = [];

  constructor(
    @Inject(SERVICE_DEFINITION) private readonly service: ServiceDefinition,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly background: BackgroundWork,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.removals.push(onScrape(() => this.readOutbox()), onScrape(async () => this.readPool()), onScrape(() => this.readConsumerLag()));
    const served = await serveMetrics({ port: this.config.METRICS_PORT, host: this.config.METRICS_HOST });
    this.server = served?.server ?? null;
    if (served) this.log.log(`metrics on http://${this.config.METRICS_HOST}:${served.port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const remove of this.removals) remove();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async readOutbox(): Promise<void> {
    const s = `"${this.service.schema}"`;
    const [row] = await queryRows<{ backlog: string; oldest_seconds: number | null; abandoned: string; dead_letters: string }>(
      this.dataSource,
      `SELECT count(*) FILTER (WHERE abandoned_at IS NULL) AS backlog,
              extract(epoch FROM now() - min(created_at) FILTER (WHERE abandoned_at IS NULL))::float8 AS oldest_seconds,
              count(*) FILTER (WHERE abandoned_at IS NOT NULL) AS abandoned,
              (SELECT count(*) FROM ${s}.dead_letter) AS dead_letters
         FROM ${s}.outbox WHERE published_at IS NULL`,
    );
    outboxBacklog.set(Number(row?.backlog ?? 0));
    outboxOldestAge.set(Math.max(0, row?.oldest_seconds ?? 0));
    outboxAbandoned.set(Number(row?.abandoned ?? 0));
    deadLetterRows.set(Number(row?.dead_letters ?? 0));
  }

  private readPool(): void {
    const pool = (this.dataSource.driver as unknown as { master?: PgPool }).master;
    if (!pool) return;
    poolConnections.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
    poolConnections.set({ state: 'idle' }, pool.idleCount);
    poolConnections.set({ state: 'waiting' }, pool.waitingCount);
    poolMax.set(pool.options.max ?? 10);
  }

  private async readConsumerLag(): Promise<void> {
    const consumers = this.background.declaredConsumers();
    if (consumers.length === 0) return;
    const jsm = await jetstreamManager(this.nc, { timeout: 1_500 });
    await Promise.all(
      consumers.map(async ({ stream, name }) => {
        const info = await jsm.consumers.info(stream, name);
        consumerPending.set({ stream, consumer: name }, info.num_pending);
        consumerAckPending.set({ stream, consumer: name }, info.num_ack_pending);
      }),
    );
  }
}
