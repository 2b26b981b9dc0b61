import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Worker } from '@temporalio/worker';
import type { NativeConnection } from '@temporalio/worker';
import { DurableConsumer, OutboxRelay, type DurableConsumerOptions } from '@vigil/platform-messaging';
import { createActivityWorker, WorkflowCommandRelay } from '@vigil/platform-temporal';
import type { PlatformConfig } from '@vigil/platform-config';
import { NATS_CONNECTION, PLATFORM_CONFIG, SERVICE_DEFINITION } from './tokens';
import type { ServiceDefinition } from './service-definition';

/**
 * Feature modules register their JetStream consumers and Temporal activity
 * workers here during module init; the platform starts them once streams
 * exist and stops them on shutdown.
 */
@Injectable()
export class BackgroundWork {
  private readonly log = new Logger('BackgroundWork');
  private readonly consumerOptions: DurableConsumerOptions[] = [];
  /** Activities per task queue: one worker per queue must know every activity type sent to it. */
  private readonly activitiesByQueue = new Map<string, Record<string, unknown>>();
  private readonly consumers: DurableConsumer[] = [];
  private readonly workers: Array<{ worker: Worker; connection: NativeConnection; run: Promise<void> }> = [];

  constructor(
    @Inject(SERVICE_DEFINITION) private readonly service: ServiceDefinition,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly relay: OutboxRelay,
    @Inject(WorkflowCommandRelay) private readonly commandRelay: WorkflowCommandRelay | null,
  ) {}

  registerConsumer(options: DurableConsumerOptions): void {
    this.consumerOptions.push(options);
  }

  registerActivities(taskQueue: string, activities: object): void {
    const merged = this.activitiesByQueue.get(taskQueue) ?? {};
    for (const name of Object.keys(activities)) {
      if (name in merged) throw new Error(`activity ${name} registered twice on ${taskQueue}`);
    }
    this.activitiesByQueue.set(taskQueue, { ...merged, ...activities });
  }

  async start(): Promise<void> {
    for (const options of this.consumerOptions) {
      const consumer = new DurableConsumer(this.nc, this.dataSource, this.service.schema, {
        ...options,
        afterCommit: () => {
          this.relay.kick();
          this.commandRelay?.kick();
          options.afterCommit?.();
        },
      });
      await consumer.start();
      this.consumers.push(consumer);
    }
    for (const [taskQueue, activities] of this.activitiesByQueue) {
      const { worker, connection } = await createActivityWorker({
        address: this.config.TEMPORAL_ADDRESS,
        namespace: this.config.TEMPORAL_NAMESPACE,
        taskQueue,
        activities,
      });
      const run = worker.run().catch((error) => this.log.error(`activity worker on ${taskQueue} stopped: ${(error as Error).message}`));
      this.workers.push({ worker, connection, run });
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop().catch(() => undefined)));
    for (const { worker, connection, run } of this.workers) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await run;
      await connection.close().catch(() => undefined);
    }
  }
}
