import { testClock } from '../support/clock';
import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, jetstream } from '@nats-io/jetstream';
import type { DataSource, EntityManager } from 'typeorm';
import { defineEvent, type StreamContract } from '@vigil/contracts';
import { eventually } from '@vigil/testing';
import { startMessagingBed, type MessagingBed } from '../support/messaging-bed';
import { deleteRetiredConsumers, DurableConsumer, ensureDurableConsumer, on, onBatch, PoisonMessage } from '@vigil/platform-messaging';

const STREAM: StreamContract = { name: 'CONSUMER_TEST', subjects: ['consumer-test.>'] };
const Thing = defineEvent(STREAM, 'consumer-test.thing', 1, Type.Object({ n: Type.Integer() }, { additionalProperties: false }));
const BATCH_STREAM: StreamContract = { name: 'CONSUMER_BATCH_TEST', subjects: ['consumer-batch.>'] };
const Batched = defineEvent(BATCH_STREAM, 'consumer-batch.thing', 1, Type.Object({ n: Type.Integer() }, { additionalProperties: false }));
const Other = defineEvent(BATCH_STREAM, 'consumer-batch.other', 1, Type.Object({ n: Type.Integer() }, { additionalProperties: false }));
const COMMIT_STREAM: StreamContract = { name: 'CONSUMER_COMMIT_TEST', subjects: ['consumer-commit.>'] };
const Committed = defineEvent(COMMIT_STREAM, 'consumer-commit.thing', 1, Type.Object({ n: Type.Integer() }, { additionalProperties: false }));

/**
 * Rule 6 under load: events already waiting are handled several to a
 * transaction, in order, each exactly once; a poison message among them is
 * dead-lettered and does not hold the others back.
 */
describe('DurableConsumer with a backlog', () => {
  let bed: MessagingBed;
  let nc: NatsConnection;
  let dataSource: DataSource;

  beforeAll(async () => {
    bed = await startMessagingBed('consumer-test', [STREAM, BATCH_STREAM, COMMIT_STREAM]);
    ({ nc, dataSource } = bed);
    await dataSource.query(`CREATE TABLE ticketing.consumer_test_seen (seq bigserial PRIMARY KEY, n integer NOT NULL UNIQUE, tx bigint NOT NULL)`);
    await dataSource.query(`CREATE TABLE ticketing.consumer_test_batches (seq bigserial PRIMARY KEY, kind text NOT NULL, ns integer[] NOT NULL)`);
  }, 60_000);

  afterAll(async () => {
    await bed?.stop();
  });

  it('handles 300 waiting events exactly once, in order, in far fewer transactions; poison ones are dead-lettered', async () => {
    const js = jetstream(nc);
    const envelope = (n: number, id = randomUUID()) => JSON.stringify({ id, type: Thing.type, version: Thing.version, occurredAt: testClock.now().toISOString(), data: { n } });
    const duplicateId = randomUUID();
    for (let n = 1; n <= 300; n++) {
      if (n === 77) await js.publish(Thing.subject, JSON.stringify({ not: 'an envelope' }));
      await js.publish(Thing.subject, envelope(n, n === 100 ? duplicateId : undefined));
      if (n === 100) await js.publish(Thing.subject, envelope(100, duplicateId)); // a redelivered event (same id)
    }

    const consumer = new DurableConsumer(nc, dataSource, 'ticketing', {
      name: 'consumer-test',
      stream: STREAM.name,
      registrations: [
        on(Thing, async (event, manager) => {
          if (event.data.n === 150) throw new PoisonMessage('150 can never be handled');
          await manager.query(`INSERT INTO ticketing.consumer_test_seen (n, tx) VALUES ($1, txid_current())`, [event.data.n]);
        }),
      ],
    });
    await consumer.start();
    try {
      const seen = await eventually('every good event handled', async () => {
        const rows = await dataSource.query(`SELECT n, tx FROM ticketing.consumer_test_seen ORDER BY seq`);
        return rows.length === 299 ? (rows as Array<{ n: number; tx: string }>) : undefined;
      });
      expect(seen.map((r) => r.n)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1).filter((n) => n !== 150));
      expect(new Set(seen.map((r) => r.tx)).size).toBeLessThan(100);
      const dead = await eventually('both poison messages dead-lettered', async () => {
        const rows = await dataSource.query(`SELECT reason FROM ticketing.dead_letter WHERE consumer = 'consumer-test' ORDER BY id`);
        return rows.length === 2 ? (rows as Array<{ reason: string }>) : undefined;
      });
      expect(dead.map((r) => r.reason)).toEqual([expect.stringContaining('bad envelope'), '150 can never be handled']);
    } finally {
      await consumer.stop();
    }
  });

  it('dead-letters an event whose handler always fails after a bounded number of attempts, and goes on with the rest', async () => {
    const js = jetstream(nc);
    const envelope = (n: number) => JSON.stringify({ id: randomUUID(), type: Thing.type, version: Thing.version, occurredAt: testClock.now().toISOString(), data: { n } });
    let attemptsOn1001 = 0;
    const consumer = new DurableConsumer(nc, dataSource, 'ticketing', {
      name: 'consumer-test-failing',
      stream: STREAM.name,
      maxAttempts: 3,
      maxBackoffMs: 100,
      registrations: [
        on(Thing, async (event, manager) => {
          if (event.data.n <= 300) return; // the previous test's events
          if (event.data.n === 1001) {
            attemptsOn1001++;
            throw new Error('the handler has a bug');
          }
          await manager.query(`INSERT INTO ticketing.consumer_test_seen (n, tx) VALUES ($1, txid_current())`, [event.data.n]);
        }),
      ],
    });
    await consumer.start();
    try {
      await js.publish(Thing.subject, envelope(1001));
      await js.publish(Thing.subject, envelope(1002));
      const [dead] = await eventually('the failing event dead-lettered', async () => {
        const rows = await dataSource.query(`SELECT reason FROM ticketing.dead_letter WHERE consumer = 'consumer-test-failing' AND reason NOT LIKE 'bad envelope%'`);
        return rows.length === 1 ? (rows as Array<{ reason: string }>) : undefined;
      });
      expect(dead!.reason).toBe('failed 3 times, last: the handler has a bug');
      const attemptsWhenDeadLettered = attemptsOn1001;
      expect(attemptsWhenDeadLettered).toBeGreaterThanOrEqual(3); // once per delivery, plus once inside a batch that then fell back
      await eventually('the next event handled', async () => ((await dataSource.query(`SELECT 1 FROM ticketing.consumer_test_seen WHERE n = 1002`)).length === 1 ? true : undefined));
      expect(attemptsOn1001).toBe(attemptsWhenDeadLettered); // not retried after it was dead-lettered
      const info = await (await jetstreamManager(nc)).consumers.info(STREAM.name, 'consumer-test-failing');
      expect(info.config.max_deliver).toBeGreaterThan(3);
      expect(info.num_ack_pending).toBe(0);
    } finally {
      await consumer.stop();
    }
  });

  it('deletes retired durable consumers, and a second deletion of the same is harmless', async () => {
    await ensureDurableConsumer(nc, { stream: STREAM.name, durable: 'consumer-test-retired', filterSubjects: [Thing.subject] });
    await deleteRetiredConsumers(nc, [{ stream: STREAM.name, durable: 'consumer-test-retired' }]);
    await deleteRetiredConsumers(nc, [{ stream: STREAM.name, durable: 'consumer-test-retired' }]);
    const jsm = await jetstreamManager(nc);
    await expect(jsm.consumers.info(STREAM.name, 'consumer-test-retired')).rejects.toThrow(/not found/i);
  });

  it('hands consecutive events of a batch handler over together, in order, never across another type, and each once', async () => {
    const js = jetstream(nc);
    const envelope = (contract: typeof Thing, n: number, id = randomUUID()) =>
      JSON.stringify({ id, type: contract.type, version: contract.version, occurredAt: testClock.now().toISOString(), data: { n } });
    const twice = randomUUID();
    for (let n = 1; n <= 60; n++) {
      // Every 20th event is of another type, which splits the runs.
      const contract = n % 20 === 0 ? Other : Batched;
      await js.publish(contract.subject, envelope(contract, n, n === 5 ? twice : undefined));
      if (n === 5) await js.publish(Batched.subject, envelope(Batched, 5, twice)); // the same event again, right behind it
    }
    const record = (kind: string) => async (events: Array<{ data: { n: number } }>, manager: import('typeorm').EntityManager) => {
      await manager.query(`INSERT INTO ticketing.consumer_test_batches (kind, ns) VALUES ($1, $2)`, [kind, events.map((e) => e.data.n)]);
    };
    const consumer = new DurableConsumer(nc, dataSource, 'ticketing', {
      name: 'consumer-test-batches',
      stream: BATCH_STREAM.name,
      registrations: [onBatch(Batched, record('thing')), on(Other, (event, manager) => record('other')([event], manager))],
    });
    await consumer.start();
    try {
      const batches = await eventually('all 60 events handled', async () => {
        const rows = (await dataSource.query(`SELECT kind, ns FROM ticketing.consumer_test_batches ORDER BY seq`)) as Array<{ kind: string; ns: number[] }>;
        return rows.flatMap((r) => r.ns).length >= 60 ? rows : undefined;
      });
      expect(batches.flatMap((r) => r.ns)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(batches.filter((r) => r.kind === 'other').map((r) => r.ns)).toEqual([[20], [40], [60]]);
      expect(Math.max(...batches.map((r) => r.ns.length))).toBeGreaterThan(1);
      for (const batch of batches.filter((r) => r.kind === 'thing')) expect(batch.ns.some((n) => n % 20 === 0)).toBe(false);
    } finally {
      await consumer.stop();
    }
  });

  // The platform wakes a relay only for a transaction that queued its kind of row (UnitOfWork.wakeAfter): it needs the very transaction.
  it('tells afterCommit which transaction committed: each that committed, none that rolled back, in batches and one by one', async () => {
    const js = jetstream(nc);
    for (let n = 1; n <= 10; n++) {
      await js.publish(Committed.subject, JSON.stringify({ id: randomUUID(), type: Committed.type, version: Committed.version, occurredAt: testClock.now().toISOString(), data: { n: 5000 + n } }));
    }
    const handledIn = new Set<EntityManager>();
    const rolledBack = new Set<EntityManager>();
    const committed: EntityManager[] = [];
    let failedOnce = false;
    const consumer = new DurableConsumer(nc, dataSource, 'ticketing', {
      name: 'consumer-test-after-commit',
      stream: COMMIT_STREAM.name,
      registrations: [
        on(Committed, async (event, manager) => {
          handledIn.add(manager);
          if (event.data.n === 5003 && !failedOnce) {
            // Fails the batch it is in once: those events are then handled one by one.
            failedOnce = true;
            rolledBack.add(manager);
            throw new Error('not yet');
          }
          await manager.query(`INSERT INTO ticketing.consumer_test_seen (n, tx) VALUES ($1, txid_current())`, [event.data.n]);
        }),
      ],
      afterCommit: (transaction) => committed.push(transaction),
    });
    await consumer.start();
    try {
      await eventually('all 10 events handled', async () => {
        const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM ticketing.consumer_test_seen WHERE n > 5000`);
        return n === 10 ? true : undefined;
      });
      // The rows are visible a moment before the consumer hears its COMMIT answered. Compared by identity, not contents.
      const shouldHaveCommitted = () => [...handledIn].filter((manager) => !rolledBack.has(manager));
      await eventually('each committed transaction reported', () => (shouldHaveCommitted().every((manager) => committed.includes(manager)) ? true : undefined), 5_000, 10);
    } finally {
      await consumer.stop();
    }
    const committedOnce = new Set(committed);
    const shouldHaveCommitted = [...handledIn].filter((manager) => !rolledBack.has(manager));
    expect(rolledBack.size).toBe(1);
    expect({ committed: committed.length, distinct: committedOnce.size, shouldHave: shouldHaveCommitted.length }).toEqual({ committed: shouldHaveCommitted.length, distinct: shouldHaveCommitted.length, shouldHave: shouldHaveCommitted.length });
    expect(shouldHaveCommitted.every((manager) => committedOnce.has(manager))).toBe(true);
  });
});
