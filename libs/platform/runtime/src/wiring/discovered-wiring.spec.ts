import 'reflect-metadata';
import { Type } from '@sinclair/typebox';
import { defineEvent, defineQuery, defineSchedule, type EventEnvelope } from '@vigil/contracts';
import type { ServiceDefinition } from '../service-definition';
import { Activities, Activity, AfterCommit, ConsumesEvents, HandlesQuery, OnEvent, OnEvents, Schedule } from './declarations';
import { collect, type Wiring } from './discovered-wiring';

const STREAM = { name: 'TEST', subjects: ['test.>'] };
const Happened = defineEvent(STREAM, 'test.happened', 1, Type.Object({ n: Type.Integer() }));
const Other = defineEvent(STREAM, 'test.other', 1, Type.Object({ n: Type.Integer() }));
const Ping = defineQuery({ subject: 'rpc.test.ping', request: Type.Object({}), response: Type.Object({ pong: Type.Boolean() }), callers: ['staff'] });
const Nightly = defineSchedule({ id: 'test-nightly', workflowType: 'wf', taskQueue: 'q', cronExpressions: ['0 3 * * *'] });
const service = { name: 'test-service' } as ServiceDefinition;

const empty = (): Wiring => ({ handlers: [], consumers: [], activities: new Map(), schedules: [] });
const methodsOf = (instance: object) => Object.getOwnPropertyNames(Object.getPrototypeOf(instance)).filter((n) => n !== 'constructor');

@ConsumesEvents({ durable: 'test-consumer', stream: STREAM })
@Activities('test-activities')
class Everything {
  seen: number[] = [];
  kicked = 0;

  @HandlesQuery(Ping)
  async ping(): Promise<{ pong: boolean }> {
    return { pong: this.seen.length >= 0 };
  }

  @HandlesQuery((s: ServiceDefinition) => defineQuery({ subject: `rpc.${s.name}.audit`, request: Type.Object({}), response: Type.Unknown(), callers: ['staff'] }))
  async audit(): Promise<unknown> {
    return null;
  }

  @OnEvent(Happened)
  async happened(event: EventEnvelope<{ n: number }>): Promise<void> {
    this.seen.push(event.data.n);
  }

  @OnEvents(Other)
  async others(events: Array<EventEnvelope<{ n: number }>>): Promise<void> {
    this.seen.push(...events.map((e) => e.data.n));
  }

  @AfterCommit()
  kick(): void {
    this.kicked++;
  }

  @Activity()
  async doIt(): Promise<string> {
    return `done by ${this.seen.length}`;
  }

  @Schedule(Nightly)
  args(): unknown[] {
    return [{ days: 28 }];
  }

  notDeclared(): void {}
}

describe('collect (declared wiring)', () => {
  it('reads every kind of declaration, bound to the instance', async () => {
    const instance = new Everything();
    const wiring = empty();
    collect(instance as never, methodsOf(instance), service, wiring);

    expect(wiring.handlers.map((h) => [h.contract.subject, h.origin])).toEqual([
      ['rpc.test.ping', 'Everything.ping'],
      ['rpc.test-service.audit', 'Everything.audit'],
    ]);
    expect(await wiring.handlers[0]!.handle({})).toEqual({ pong: true });

    expect(wiring.consumers).toHaveLength(1);
    const [consumer] = wiring.consumers;
    expect(consumer).toMatchObject({ name: 'test-consumer', stream: 'TEST' });
    expect(consumer!.registrations.map((r) => [r.contract.subject, Boolean(r.handleMany)])).toEqual([
      ['test.happened.v1', false],
      ['test.other.v1', true],
    ]);
    await consumer!.registrations[0]!.handle({ data: { n: 1 } } as never, null as never);
    await consumer!.registrations[1]!.handleMany!([{ data: { n: 2 } }, { data: { n: 3 } }] as never, null as never);
    expect(instance.seen).toEqual([1, 2, 3]);
    consumer!.afterCommit!();
    expect(instance.kicked).toBe(1);

    const activities = wiring.activities.get('test-activities')!;
    expect(Object.keys(activities)).toEqual(['doIt']);
    expect(await activities['doIt']!()).toBe('done by 3');

    expect(wiring.schedules.map((s) => [s.schedule.id, s.args()])).toEqual([['test-nightly', [{ days: 28 }]]]);
  });

  it('refuses an event handler outside a consumer and an activity outside an activities class', () => {
    class Stray {
      @OnEvent(Happened)
      async happened(): Promise<void> {}
    }
    class Lonely {
      @Activity()
      async act(): Promise<void> {}
    }
    expect(() => collect(new Stray() as never, ['happened'], service, empty())).toThrow('Stray.happened handles test.happened.v1 but Stray has no @ConsumesEvents');
    expect(() => collect(new Lonely() as never, ['act'], service, empty())).toThrow('Lonely.act is an @Activity but Lonely has no @Activities(taskQueue)');
  });

  it('refuses the same activity declared twice on one task queue', () => {
    @Activities('shared')
    class A {
      @Activity()
      async act(): Promise<void> {}
    }
    @Activities('shared')
    class B {
      @Activity()
      async act(): Promise<void> {}
    }
    const wiring = empty();
    collect(new A() as never, ['act'], service, wiring);
    expect(() => collect(new B() as never, ['act'], service, wiring)).toThrow('activity act declared twice on shared');
  });
});
