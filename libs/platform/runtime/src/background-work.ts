import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { DurableConsumer, type DurableConsumerOptions } from '@vigil/platform-messaging';
import { createActivityWorker } from '@vigil/platform-temporal';
import type { PlatformConfig } from '@vigil/platform-config';
import { NATS_CONNECTION, PLATFORM_CONFIG, SERVICE_DEFINITION } from './tokens';
import type { ServiceDefinition } from './service-definition';
import { Readiness } from './readiness';
import { UnitOfWork } from './unit-of-work';
import { restartDelayMs } from './restart-backoff';

/**
 * Runs the service's durable consumers and Temporal activity workers, as the
 * platform discovered them. A consumer loop or worker that stops on its own is
 * reported down in readiness and restarted with backoff; shutdown stops them.
 */
@Injectable()
export class BackgroundWork {
  private readonly log = new Logger('BackgroundWork');
  private readonly consumerOptions: DurableConsumerOptions[] = [];
  /** Activities per task queue: one worker per queue must know every activity type sent to it. */
  private readonly activitiesByQueue = new Map<string, Record<string, unknown>>();
  private readonly consumers = new Map<string, DurableConsumer>();
  private readonly workers = new Map<string, { worker: Worker; connection: NativeConnection; run: Promise<void> }>();
  private readonly restarts = new Set<NodeJS.Timeout>();
  private stopping = false;

  constructor(
    @Inject(SERVICE_DEFINITION) private readonly service: ServiceDefinition,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly unitOfWork: UnitOfWork,
    private readonly readiness: Readiness,
  ) {}

  addConsumer(options: DurableConsumerOptions): void {
    if (this.consumerOptions.some((c) => c.name === options.name)) throw new Error(`consumer ${options.name} declared twice`);
    this.consumerOptions.push(options);
  }

  /** The durable consumers this service runs (for their lag in the metrics). */
  declaredConsumers(): ReadonlyArray<{ stream: string; name: string }> {
    return this.consumerOptions.map(({ stream, name }) => ({ stream, name }));
  }

  addActivities(taskQueue: string, activities: Record<string, unknown>): void {
    const merged = this.activitiesByQueue.get(taskQueue) ?? {};
    for (const name of Object.keys(activities)) {
      if (name in merged) throw new Error(`activity ${name} declared twice on ${taskQueue}`);
    }
    this.activitiesByQueue.set(taskQueue, { ...merged, ...activities });
  }

  async start(): Promise<void> {
    for (const options of this.consumerOptions) await this.startConsumer(options, 0);
    for (const [taskQueue, activities] of this.activitiesByQueue) await this.startWorker(taskQueue, activities, 0);
  }

  /**
   * Looks at what the loops cannot see themselves: a durable consumer deleted
   * on the server (an operator, lost JetStream state) leaves its loop waiting
   * forever for nothing. Such a consumer is reported down and restarted, which
   * declares it again. Called by readiness, so a probe always sees the truth.
   */
  async probe(): Promise<void> {
    if (this.stopping || this.consumers.size === 0) return;
    const jsm = await jetstreamManager(this.nc);
    for (const options of this.consumerOptions) {
      const part = `consumer:${options.name}`;
      if (!this.consumers.has(options.name) || this.readiness.checks()[part]?.status === 'down') continue;
      const exists = await jsm.consumers.info(options.stream, options.name).then(() => true, (error: Error) => (/not found/i.test(error.message) ? false : true));
      if (!exists) this.restartLater(part, 'durable consumer missing on the server', 0, () => this.startConsumer(options, 1));
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.restarts) clearTimeout(timer);
    await Promise.all([...this.consumers.values()].map((c) => c.stop().catch(() => undefined)));
    for (const { worker, connection, run } of this.workers.values()) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await run;
      await connection.close().catch(() => undefined);
    }
  }

  private async startConsumer(options: DurableConsumerOptions, attempt: number): Promise<void> {
    const part = `consumer:${options.name}`;
    // A restarted consumer replaces the old one: close its subscription so only one loop pulls.
    const previous = this.consumers.get(options.name);
    this.consumers.delete(options.name);
    await previous?.stop().catch(() => undefined);
    const consumer = new DurableConsumer(this.nc, this.dataSource, this.service.schema, {
      ...options,
      afterCommit: (transaction) => {
        this.unitOfWork.wakeAfter(transaction);
        options.afterCommit?.(transaction);
      },
    });
    try {
      await consumer.start();
    } catch (error) {
      // At boot a failure stops the process (the supervisor restarts it); later, the loop retries.
      if (attempt === 0 && !this.consumers.has(options.name)) throw error;
      return this.restartLater(part, (error as Error).message, attempt, () => this.startConsumer(options, attempt + 1));
    }
    this.consumers.set(options.name, consumer);
    this.readiness.up(part);
    void consumer.ended().then(() => {
      // Only the current consumer's end matters; a replaced one ends because it was replaced.
      if (!this.stopping && this.consumers.get(options.name) === consumer) this.restartLater(part, 'consumer loop ended', 0, () => this.startConsumer(options, 1));
    });
  }

  private async startWorker(taskQueue: string, activities: Record<string, unknown>, attempt: number): Promise<void> {
    const part = `activity-worker:${taskQueue}`;
    let created: { worker: Worker; connection: NativeConnection };
    try {
      created = await createActivityWorker({ address: this.config.TEMPORAL_ADDRESS, namespace: this.config.TEMPORAL_NAMESPACE, taskQueue, activities });
    } catch (error) {
      if (attempt === 0 && !this.workers.has(taskQueue)) throw error;
      return this.restartLater(part, (error as Error).message, attempt, () => this.startWorker(taskQueue, activities, attempt + 1));
    }
    const run = created.worker.run().then(
      () => (this.stopping ? undefined : this.workerEnded(part, 'worker stopped', created.connection, () => this.startWorker(taskQueue, activities, 1))),
      (error: Error) => this.workerEnded(part, error.message, created.connection, () => this.startWorker(taskQueue, activities, 1)),
    );
    this.workers.set(taskQueue, { ...created, run });
    this.readiness.up(part);
  }

  private async workerEnded(part: string, reason: string, connection: NativeConnection, restart: () => Promise<void>): Promise<void> {
    if (this.stopping) return;
    await connection.close().catch(() => undefined);
    this.restartLater(part, reason, 0, restart);
  }

  private restartLater(part: string, reason: string, attempt: number, restart: () => Promise<void>): void {
    if (this.stopping) return;
    const delay = restartDelayMs(attempt);
    this.log.error(`${part} stopped (${reason}); restarting in ${delay} ms`);
    this.readiness.down(part, reason);
    const timer = setTimeout(() => {
      this.restarts.delete(timer);
      void restart().catch((error: Error) => this.restartLater(part, error.message, attempt + 1, restart));
    }, delay);
    this.restarts.add(timer);
  }
}
