import type { DataSource } from 'typeorm';
import { AuditLog, verifyAuditChain } from '@vigil/platform-audit';
import { OutboxWriter } from '@vigil/platform-messaging';
import { createServiceDataSource } from '@vigil/platform-persistence';
import { createTestDatabase } from '@vigil/testing';
import { testClock } from '../support/clock';

/**
 * Decision 0024: with after-commit sealing, an audited transaction records its
 * entry without the chain's lock, and the sealer links committed entries into
 * one gapless, verifiable chain, whoever seals and however often.
 */
describe('audit log sealed after commit (ticketing schema)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let audit: AuditLog;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await createServiceDataSource({ url: database.url, schema: 'ticketing', entities: [], migrations: [], poolSize: 12 }).initialize();
    audit = new AuditLog('ticketing', 'ticketing', new OutboxWriter('ticketing', testClock), testClock, 'after-commit');
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const append = (n: number) =>
    dataSource.transaction((manager) => audit.append(manager, { actor: 'staff:auditor', action: 'ticket.created', target: `ticket:${n}`, after: { n, nested: { b: 1, a: [n] } } }));
  const count = async (sql: string) => Number((await dataSource.query(sql))[0].n);
  const sealAll = async () => {
    while ((await audit.seal(dataSource, 7)) > 0);
  };

  it('commits entries without linking them, then links every committed one once, in a chain that verifies', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, n) => append(n)));
    await dataSource
      .transaction(async (manager) => {
        await audit.append(manager, { actor: 'staff:auditor', action: 'ticket.created', target: 'ticket:rolled-back' });
        throw new Error('the action failed');
      })
      .catch(() => undefined);
    expect(await count(`SELECT count(*) AS n FROM ticketing.audit_log`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM ticketing.audit_intake`)).toBe(20);

    // Two sealers at once (two replicas) take turns on the chain's lock.
    await Promise.all([sealAll(), sealAll()]);

    const chain = await audit.readChain(dataSource.manager);
    expect(chain.map((e) => e.position)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(chain.map((e) => e.target).sort()).toEqual(Array.from({ length: 20 }, (_, n) => `ticket:${n}`).sort());
    expect(verifyAuditChain(chain)).toEqual([]);
    expect(await count(`SELECT count(*) AS n FROM ticketing.audit_intake`)).toBe(0);

    const witnesses: Array<{ envelope: { data: { position: number; hash: string } } }> = await dataSource.query(
      `SELECT envelope FROM ticketing.outbox WHERE subject = 'audit.ticketing.appended.v1' ORDER BY seq`,
    );
    const head = witnesses[witnesses.length - 1]!.envelope.data;
    expect(head).toEqual({ service: 'ticketing', position: 20, hash: chain[19]!.hash });
    expect(verifyAuditChain(chain, head)).toEqual([]);
  });

  it('continues the chain from its head and refuses to change an entry waiting in the intake', async () => {
    await append(100);
    await expect(dataSource.query(`UPDATE ticketing.audit_intake SET actor = 'staff:someone-else'`)).rejects.toThrow(/not changed/);
    await sealAll();
    const chain = await audit.readChain(dataSource.manager);
    expect(chain[chain.length - 1]).toMatchObject({ position: 21, target: 'ticket:100', prevHash: chain[19]!.hash });
    expect(verifyAuditChain(chain)).toEqual([]);
  });

  it('tells the unit of work which transactions recorded an entry, so only those wake the sealer', async () => {
    let recorded = false;
    let untouched = true;
    await dataSource.transaction(async (manager) => {
      await audit.append(manager, { actor: 'staff:auditor', action: 'ticket.created', target: 'ticket:200' });
      recorded = audit.awaitsSealing(manager);
    });
    await dataSource.transaction(async (manager) => {
      await manager.query('SELECT 1');
      untouched = !audit.awaitsSealing(manager);
    });
    expect({ recorded, untouched }).toEqual({ recorded: true, untouched: true });
    await sealAll();
  });
});
