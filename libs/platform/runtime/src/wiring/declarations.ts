import type { Static, TSchema } from '@sinclair/typebox';
import type { EventContract, EventEnvelope, RequestOf, ResponseOf, RpcContract, ScheduleContract, StreamContract } from '@vigil/contracts';
import type { EntityManager } from 'typeorm';
import type { ServiceDefinition } from '../service-definition';

/**
 * Declarations the platform discovers on providers and wires (rule 7): no
 * feature module subscribes, registers or creates anything by hand.
 */
export const RPC_HANDLER = Symbol('vigil:rpc-handler');
export const EVENT_CONSUMER = Symbol('vigil:event-consumer');
export const EVENT_HANDLER = Symbol('vigil:event-handler');
export const AFTER_COMMIT = Symbol('vigil:after-commit');
export const ACTIVITIES = Symbol('vigil:activities');
export const ACTIVITY = Symbol('vigil:activity');
export const SCHEDULE = Symbol('vigil:schedule');

/** A contract, or one that depends on the service (e.g. its audit subjects). */
export type ContractSource = RpcContract | ((service: ServiceDefinition) => RpcContract);

export interface EventHandlerDeclaration {
  contract: EventContract;
  /** Consecutive waiting events of this type are handed over together. */
  batch: boolean;
}

export interface ConsumerDeclaration {
  /** Durable consumer name, unique per service and purpose, e.g. `ticketing-alerts`. */
  durable: string;
  stream: StreamContract;
}

/** A method decorator that only fits methods of type `M`: a handler that does not match its contract does not compile. */
type TypedMethodDecorator<Expected> = <M extends Expected>(target: object, name: string | symbol, descriptor: TypedPropertyDescriptor<M>) => void;

const methodDecorator = <Expected>(key: symbol, value: unknown): TypedMethodDecorator<Expected> => (_target, _name, descriptor) => {
  Reflect.defineMetadata(key, value, descriptor.value as object);
};

type RpcMethod<C extends RpcContract> = (request: RequestOf<C>) => Promise<ResponseOf<C>>;
type EventMethod<S extends TSchema> = (event: EventEnvelope<Static<S>>, manager: EntityManager) => Promise<void>;
type BatchEventMethod<S extends TSchema> = (events: Array<EventEnvelope<Static<S>>>, manager: EntityManager) => Promise<void>;

/** The method answers this query over NATS request/reply, in the service's queue group. */
export function HandlesQuery<C extends RpcContract>(contract: C): TypedMethodDecorator<RpcMethod<C>>;
/** A contract that depends on the service (its audit subjects); checked at run time only. */
export function HandlesQuery(contract: (service: ServiceDefinition) => RpcContract): TypedMethodDecorator<(request: never) => Promise<unknown>>;
export function HandlesQuery(contract: ContractSource): TypedMethodDecorator<(request: never) => Promise<unknown>> {
  return methodDecorator(RPC_HANDLER, contract);
}

/** The method carries out this command over NATS request/reply, in the service's queue group. */
export const HandlesCommand = HandlesQuery;

/** The class is one durable JetStream consumer; its `@OnEvent` methods handle the events it filters on. */
export const ConsumesEvents = (declaration: ConsumerDeclaration): ClassDecorator => (target) => {
  Reflect.defineMetadata(EVENT_CONSUMER, declaration, target);
};

/** `(event, manager)`: runs in the transaction that records the event in the inbox. */
export const OnEvent = <S extends TSchema>(contract: EventContract<S>): TypedMethodDecorator<EventMethod<S>> =>
  methodDecorator(EVENT_HANDLER, { contract, batch: false } satisfies EventHandlerDeclaration);

/** `(events, manager)`: consecutive waiting events of this type in one transaction (e.g. an alert storm). */
export const OnEvents = <S extends TSchema>(contract: EventContract<S>): TypedMethodDecorator<BatchEventMethod<S>> =>
  methodDecorator(EVENT_HANDLER, { contract, batch: true } satisfies EventHandlerDeclaration);

/** Called after a consumer's transaction committed (e.g. to wake the sender of what it queued). */
export const AfterCommit = (): TypedMethodDecorator<() => void> => methodDecorator(AFTER_COMMIT, true);

/** The class's `@Activity` methods run on this Temporal task queue, in this service's activity worker. */
export const Activities = (taskQueue: string): ClassDecorator => (target) => {
  Reflect.defineMetadata(ACTIVITIES, taskQueue, target);
};

/** A Temporal activity, named after the method. */
export const Activity = (): TypedMethodDecorator<(...args: never[]) => Promise<unknown>> => methodDecorator(ACTIVITY, true);

/** The method returns the workflow arguments of this schedule (from configuration); the platform reconciles it at start. */
export const Schedule = (schedule: ScheduleContract): TypedMethodDecorator<() => unknown[]> => methodDecorator(SCHEDULE, schedule);
