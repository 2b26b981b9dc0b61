import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NatsConnection } from '@nats-io/transport-node';
import { loadConfig, platformConfig, type PlatformConfig } from '@vigil/platform-config';
import { createServiceDataSource } from '@vigil/platform-persistence';
import { connectNats, deleteRetiredConsumers, ensureStreams, ensureStreamsExist, OutboxRelay, OutboxWriter } from '@vigil/platform-messaging';
import { createTemporalClient, WorkflowCommandOutbox, WorkflowCommandRelay } from '@vigil/platform-temporal';
import { HealthController } from './health.controller';
import { NATS_CONNECTION, PLATFORM_CONFIG, SERVICE_DEFINITION, TEMPORAL_CLIENT } from './tokens';
import type { ServiceDefinition } from './service-definition';
import { UnitOfWork } from './unit-of-work';
import { TransactionClock } from './transaction-clock';
import { MessagingRetention } from './messaging-retention';
import { BackgroundWork } from './background-work';
import { TemporalHandle } from './temporal-handle';
import { AuditQueries } from './audit-queries';
import { AuditSealer } from './audit-sealer';
import { AuditLog } from '@vigil/platform-audit';
import { AUDIT_STREAM, natsParticipant } from '@vigil/contracts';
import { Clock, clockFromEnvironment } from '@vigil/platform-clock';
import { DiscoveryModule } from '@nestjs/core';
import { Readiness } from './readiness';
import { PlatformMetrics } from './platform-metrics';
import { assertWithinNatsAccess, DiscoveredWiring, reconcileSchedule, RpcHandlers } from './wiring';

@Injectable()
class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Platform');

  constructor(
    @Inject(SERVICE_DEFINITION) private readonly service: ServiceDefinition,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly relay: OutboxRelay,
    @Inject(WorkflowCommandRelay) private readonly commandRelay: WorkflowCommandRelay | null,
    @Inject(AuditSealer) private readonly auditSealer: AuditSealer | null,
    @Inject(TemporalHandle) private readonly temporal: TemporalHandle | null,
    private readonly background: BackgroundWork,
    private readonly retention: MessagingRetention,
    private readonly wiring: DiscoveredWiring,
    private readonly rpc: RpcHandlers,
  ) {}

  /** Streams first, then everything the service declared: consumers, activity workers, schedules, and last the RPC handlers. */
  async onApplicationBootstrap(): Promise<void> {
    const declared = this.wiring.discover(this.service);
    assertWithinNatsAccess(this.service, declared);
    const managed = [...natsParticipant(this.service.name).owns, ...(this.service.audited ? [AUDIT_STREAM] : [])];
    await ensureStreams(this.nc, managed);
    await ensureStreamsExist(this.nc, this.service.streams.filter((s) => !managed.some((m) => m.name === s.name)));
    await deleteRetiredConsumers(this.nc, this.service.retiredConsumers ?? []);
    this.relay.start();
    this.auditSealer?.start();
    for (const consumer of declared.consumers) this.background.addConsumer(consumer);
    for (const [taskQueue, activities] of declared.activities) this.background.addActivities(taskQueue, activities);
    this.commandRelay?.start();
    await this.background.start();
    this.retention.start();
    if (declared.schedules.length > 0) {
      if (!this.temporal) throw new Error(`${this.service.name} declares schedules but does not use Temporal`);
      for (const { schedule, args } of declared.schedules) await reconcileSchedule(this.temporal.client, schedule, args());
    }
    this.rpc.serve(declared.handlers);
    this.log.log(`${this.service.name} infrastructure ready`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.rpc.stop();
    await this.retention.stop();
    await this.background.stop();
    await this.auditSealer?.stop();
    await this.relay.stop();
    await this.commandRelay?.stop();
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
      imports: [DiscoveryModule],
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
              preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
            }).initialize(),
        },
        { provide: NATS_CONNECTION, inject: [PLATFORM_CONFIG], useFactory: (config: PlatformConfig) => connectNats(config.NATS_URL, service.name, { user: config.NATS_USER, password: config.NATS_PASSWORD }) },
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
        { provide: WorkflowCommandOutbox, useValue: new WorkflowCommandOutbox(service.schema) },
        {
          provide: WorkflowCommandRelay,
          inject: [DataSource, TemporalHandle, Clock],
          useFactory: (ds: DataSource, temporal: TemporalHandle | null, clock: Clock) => {
            if (!service.workflowCommands) return null;
            if (!temporal) throw new Error(`${service.name} queues workflow commands, so it must use Temporal`);
            return new WorkflowCommandRelay(ds, service.schema, temporal.client, clock);
          },
        },
        { provide: OutboxWriter, inject: [Clock], useFactory: (clock: Clock) => new OutboxWriter(service.schema, clock) },
        UnitOfWork,
        TransactionClock,
        MessagingRetention,
        Readiness,
        BackgroundWork,
        DiscoveredWiring,
        RpcHandlers,
        PlatformLifecycle,
        PlatformMetrics,
        {
          provide: AuditLog,
          inject: [OutboxWriter, Clock],
          useFactory: (outbox: OutboxWriter, clock: Clock) => new AuditLog(service.name, service.schema, outbox, clock, service.auditSealing ?? 'in-transaction'),
        },
        {
          provide: AuditSealer,
          inject: [DataSource, AuditLog, OutboxRelay],
          useFactory: (ds: DataSource, audit: AuditLog, relay: OutboxRelay) => (audit.sealing === 'after-commit' ? new AuditSealer(ds, audit, relay) : null),
        },
        ...(service.audited ? [AuditQueries] : []),
      ],
      exports: [Clock, TransactionClock, SERVICE_DEFINITION, PLATFORM_CONFIG, DataSource, NATS_CONNECTION, TemporalHandle, TEMPORAL_CLIENT, OutboxRelay, OutboxWriter, WorkflowCommandOutbox, WorkflowCommandRelay, UnitOfWork, Readiness, BackgroundWork, AuditLog, AuditSealer],
    };
  }
}
