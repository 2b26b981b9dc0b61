import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { TSchema } from '@sinclair/typebox';
import { on, onBatch, type BatchEventHandler, type ConsumerRegistration, type EventHandler } from '@vigil/platform-messaging';
import type { RpcContract, ScheduleContract } from '@vigil/contracts';
import type { ServiceDefinition } from '../service-definition';
import {
  ACTIVITIES,
  ACTIVITY,
  AFTER_COMMIT,
  EVENT_CONSUMER,
  EVENT_HANDLER,
  RPC_HANDLER,
  SCHEDULE,
  type ConsumerDeclaration,
  type ContractSource,
  type EventHandlerDeclaration,
} from './declarations';

type Method = (...args: unknown[]) => unknown;

export interface DiscoveredHandler {
  contract: RpcContract;
  handle: (request: unknown) => Promise<unknown>;
  /** `Class.method`, for messages about the declaration. */
  origin: string;
}

export interface DiscoveredConsumer {
  name: string;
  stream: string;
  registrations: ConsumerRegistration[];
  afterCommit?: () => void;
}

export interface DiscoveredSchedule {
  schedule: ScheduleContract;
  args: () => unknown[];
}

export interface Wiring {
  handlers: DiscoveredHandler[];
  consumers: DiscoveredConsumer[];
  activities: Map<string, Record<string, Method>>;
  schedules: DiscoveredSchedule[];
}

/** Finds every declaration on the application's providers (see declarations.ts). */
@Injectable()
export class DiscoveredWiring {
  constructor(private readonly discovery: DiscoveryService, private readonly scanner: MetadataScanner) {}

  discover(service: ServiceDefinition): Wiring {
    const wiring: Wiring = { handlers: [], consumers: [], activities: new Map(), schedules: [] };
    const seen = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, Method> | undefined;
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      seen.add(instance);
      collect(instance, this.scanner.getAllMethodNames(Object.getPrototypeOf(instance)), service, wiring);
    }
    return wiring;
  }
}

/** Exported for unit tests: reads the declarations of one instance into `wiring`. */
export function collect(instance: Record<string, Method>, methodNames: string[], service: ServiceDefinition, wiring: Wiring): void {
  const type = instance.constructor;
  const consumer = Reflect.getMetadata(EVENT_CONSUMER, type) as ConsumerDeclaration | undefined;
  const taskQueue = Reflect.getMetadata(ACTIVITIES, type) as string | undefined;
  const registrations: ConsumerRegistration[] = [];
  let afterCommit: (() => void) | undefined;
  for (const name of methodNames) {
    const method = instance[name] as Method;
    const bound = method.bind(instance);
    const origin = `${type.name}.${name}`;
    const contract = Reflect.getMetadata(RPC_HANDLER, method) as ContractSource | undefined;
    if (contract) {
      wiring.handlers.push({ contract: typeof contract === 'function' ? contract(service) : contract, handle: bound as DiscoveredHandler['handle'], origin });
    }
    const event = Reflect.getMetadata(EVENT_HANDLER, method) as EventHandlerDeclaration | undefined;
    if (event) {
      if (!consumer) throw new Error(`${origin} handles ${event.contract.subject} but ${type.name} has no @ConsumesEvents`);
      registrations.push(
        event.batch
          ? onBatch(event.contract, bound as BatchEventHandler<TSchema>)
          : on(event.contract, bound as EventHandler<TSchema>),
      );
    }
    if (Reflect.getMetadata(AFTER_COMMIT, method)) afterCommit = bound as () => void;
    if (Reflect.getMetadata(ACTIVITY, method)) {
      if (!taskQueue) throw new Error(`${origin} is an @Activity but ${type.name} has no @Activities(taskQueue)`);
      const queue = wiring.activities.get(taskQueue) ?? {};
      if (name in queue) throw new Error(`activity ${name} declared twice on ${taskQueue}`);
      queue[name] = bound;
      wiring.activities.set(taskQueue, queue);
    }
    const schedule = Reflect.getMetadata(SCHEDULE, method) as ScheduleContract | undefined;
    if (schedule) wiring.schedules.push({ schedule, args: bound as () => unknown[] });
  }
  if (consumer) {
    if (registrations.length === 0) throw new Error(`${type.name} consumes events but has no @OnEvent method`);
    wiring.consumers.push({ name: consumer.durable, stream: consumer.stream.name, registrations, ...(afterCommit ? { afterCommit } : {}) });
  }
}
