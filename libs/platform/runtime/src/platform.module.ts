import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NatsConnection } from '@nats-io/transport-node';
import { loadConfig, platformConfig, type PlatformConfig } from '@vigil/platform-config';
import { createServiceDataSource } from '@vigil/platform-persistence';
import { connectNats, ensureStreams, OutboxRelay, OutboxWriter } from '@vigil/platform-messaging';
import { createTemporalClient } from '@vigil/platform-temporal';
import { HealthController } from './health.controller';
import { NATS_CONNECTION, PLATFORM_CONFIG, SERVICE_DEFINITION, TEMPORAL_CLIENT } from './tokens';
import type { ServiceDefinition } from './service-definition';
import { UnitOfWork } from './unit-of-work';
import { BackgroundWork } from './background-work';
import { TemporalHandle } from './temporal-handle';
import { AuditQueries } from './audit-queries';
import { AuditLog } from '@vigil/platform-audit';
import { AUDIT_STREAM } from '@vigil/contracts';
import { Clock, clockFromEnvironment } from '@vigil/platform-clock';

@Injectable()
class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Platform');

  constructor(
    @Inject(SERVICE_DEFINITION) private readonly service: ServiceDefinition,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly relay: OutboxRelay,
    @Inject(TemporalHandle) private readonly temporal: TemporalHandle | null,
    private readonly background: BackgroundWork,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureStreams(this.nc, this.service.audited ? [...this.service.streams, AUDIT_STREAM] : this.service.streams);
    this.relay.start();
    await this.background.start();
    this.log.log(`${this.service.name} infrastructure ready`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.background.stop();
    await this.relay.stop();
    await this.temporal?.connection.close().catch(() => undefined);
    await this.nc.drain().catch(() => undefined);
    await this.dataSource.destroy().catch(() => undefined);
  }
}

/**
 * Wires a service's infrastructure from its definition: config, its Postgres
 * schema, NATS with JetStream streams, the outbox relay, Temporal, and health.
 */
@Global()
@Module({})
export class PlatformModule {
  static forService(service: ServiceDefinition): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_DEFINITION, useValue: service },
        { provide: Clock, useFactory: () => clockFromEnvironment() },
        { provide: PLATFORM_CONFIG, useFactory: (): PlatformConfig => loadConfig(platformConfig) },
        {
          provide: DataSource,
          inject: [PLATFORM_CONFIG],
          useFactory: async (config: PlatformConfig) =>
            createServiceDataSource({
              url: config.DATABASE_URL,
              schema: service.schema,
              entities: service.entities,
              migrations: service.migrations,
              statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
              idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
            }).initialize(),
        },
        { provide: NATS_CONNECTION, inject: [PLATFORM_CONFIG], useFactory: (config: PlatformConfig) => connectNats(config.NATS_URL, service.name) },
        {
          provide: TemporalHandle,
          inject: [PLATFORM_CONFIG],
          useFactory: async (config: PlatformConfig) => {
            if (!service.usesTemporal) return null;
            const { client, connection } = await createTemporalClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
            return new TemporalHandle(client, connection);
          },
        },
        { provide: TEMPORAL_CLIENT, inject: [TemporalHandle], useFactory: (handle: TemporalHandle | null) => handle?.client ?? null },
        { provide: OutboxRelay, inject: [DataSource, NATS_CONNECTION], useFactory: (ds: DataSource, nc: NatsConnection) => new OutboxRelay(ds, service.schema, nc) },
        { provide: OutboxWriter, useValue: new OutboxWriter(service.schema) },
        UnitOfWork,
        BackgroundWork,
        PlatformLifecycle,
        { provide: AuditLog, inject: [OutboxWriter], useFactory: (outbox: OutboxWriter) => new AuditLog(service.name, service.schema, outbox) },
        ...(service.audited ? [AuditQueries] : []),
      ],
      exports: [Clock, SERVICE_DEFINITION, PLATFORM_CONFIG, DataSource, NATS_CONNECTION, TemporalHandle, TEMPORAL_CLIENT, OutboxRelay, OutboxWriter, UnitOfWork, BackgroundWork, AuditLog],
    };
  }
}
