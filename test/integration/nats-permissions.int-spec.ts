import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  auditAppended,
  AUDIT_STREAM,
  IDENTITY_STREAM,
  IdentityQueries,
  IntegrationKeyIssued,
  MONITORING_STREAM,
  NATS_PARTICIPANTS,
  TICKETING_STREAM,
  TicketCreated,
  TicketingQueries,
} from '@vigil/contracts';
import { SystemClock } from '@vigil/platform-clock';
import {
  connectNats,
  ensureDurableConsumer,
  ensureStreams,
  ensureStreamsExist,
  NATS_ADMIN,
  NATS_BENCH,
  natsAuthorizationConfig,
  requestReply,
  serveContract,
  serviceUsers,
} from '@vigil/platform-messaging';
import { REPO_ROOT, startNatsServer, type RunningNats } from '@vigil/testing';
import { composeNatsConfig } from '../../deploy/access/service-access';

const password = (user: string) => `secret-of-${user}`;
const system = { kind: 'system' as const, id: 'api-gateway' };
const staff = { kind: 'staff' as const, id: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f' };

/** How a refused subscription ends: closed with the server's permissions violation. */
async function refusal(sub: Subscription): Promise<string> {
  const outcome = await Promise.race([sub.closed.then((error) => (error ? error.message : 'closed without error')), new Promise<string>((resolve) => setTimeout(() => resolve('still subscribed'), 2_000))]);
  return outcome;
}

/**
 * Issue 12, least privilege between the parts: every Vigil process connects as
 * its own NATS user with the permissions generated from the contracts
 * (decision 0017), against a real nats-server with that authorization.
 */
describe('NATS permissions per service (issue 12, least privilege)', () => {
  let nats: RunningNats;
  const open: NatsConnection[] = [];
  const clock = new SystemClock();
  const as = async (user: string) => {
    const nc = await connectNats(nats.url, `${user}-permissions-test`, { user, password: password(user) });
    open.push(nc);
    return nc;
  };

  beforeAll(async () => {
    const authorization = natsAuthorizationConfig([...serviceUsers(), NATS_ADMIN, NATS_BENCH], (user) => ({ literal: password(user) }));
    nats = await startNatsServer(process.env['VIGIL_TEST_NATS_SERVER_BIN']!, 'nats-permissions-test', { authorization });
    // identity answers the key request as production does: its user, its queue group.
    const identity = await as('identity');
    serveContract(identity, IdentityQueries.publicKeys, async () => ({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'the-real-key', kid: 'k1' }] }), { queue: 'identity', clock });
    await identity.flush();
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(open.map((nc) => nc.close()));
    await nats?.stop();
  });

  it('refuses an anonymous connection and a wrong password', async () => {
    await expect(connectNats(nats.url, 'anonymous')).rejects.toThrow(/Authorization Violation/);
    await expect(connectNats(nats.url, 'impostor', { user: 'identity', password: 'guessed' })).rejects.toThrow(/Authorization Violation/);
  });

  it('lets the gateway ask identity for the verification key, and identity answer it (allow_responses)', async () => {
    const gateway = await as('api-gateway');
    await expect(requestReply(gateway, IdentityQueries.publicKeys, { caller: system }, { clock, timeoutMs: 3_000 })).resolves.toEqual({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'the-real-key', kid: 'k1' }] });
  });

  it("refuses ticketing's user every rpc.identity.* request (the key, issuing integration keys)", async () => {
    const ticketing = await as('ticketing');
    await expect(requestReply(ticketing, IdentityQueries.publicKeys, { caller: system }, { clock, timeoutMs: 3_000 })).rejects.toThrow(/Permissions Violation for Publish to "rpc.identity.keys.public"/);
    await expect(
      requestReply(ticketing, IdentityQueries.issueIntegrationKey, { caller: staff, name: 'rogue', kind: 'generic', scopes: ['alerts:write'] }, { clock, timeoutMs: 3_000 }),
    ).rejects.toThrow(/Permissions Violation for Publish to "rpc.identity.integration-keys.issue"/);
  });

  it('refuses every service but the gateway the tenants\' tickets (rpc.ticketing.tickets.list)', async () => {
    for (const user of ['identity', 'monitoring-ingest', 'notifications']) {
      const nc = await as(user);
      await expect(requestReply(nc, TicketingQueries.listTickets, { caller: staff } as never, { clock, timeoutMs: 3_000 })).rejects.toThrow(/Permissions Violation for Publish/);
    }
  });

  it('refuses ticketing a subscription to rpc.identity.keys.public, so it cannot answer it with its own key', async () => {
    const ticketing = await as('ticketing');
    expect(await refusal(ticketing.subscribe(IdentityQueries.publicKeys.subject, { queue: 'identity' }))).toMatch(/Permissions Violation for Subscription to "rpc.identity.keys.public"/);
    expect(await refusal(ticketing.subscribe(IdentityQueries.publicKeys.subject))).toMatch(/Permissions Violation for Subscription/);
    // identity itself only in its queue group: a second, private subscriber could take every request.
    const identity = await as('identity');
    expect(await refusal(identity.subscribe(IdentityQueries.publicKeys.subject))).toMatch(/Permissions Violation for Subscription/);
  });

  it("refuses the gateway other services' reply inboxes", async () => {
    const gateway = await as('api-gateway');
    expect(await refusal(gateway.subscribe('_INBOX_identity.>'))).toMatch(/Permissions Violation for Subscription/);
    expect(await refusal(gateway.subscribe('_INBOX.>'))).toMatch(/Permissions Violation for Subscription/);
    expect(await refusal(gateway.subscribe('>'))).toMatch(/Permissions Violation for Subscription/);
  });

  it('refuses the gateway the audit witness and domain events, on core NATS and through JetStream', async () => {
    const admin = await as(NATS_ADMIN.user);
    await ensureStreams(admin, [AUDIT_STREAM, TICKETING_STREAM, IDENTITY_STREAM]);
    const seen: string[] = [];
    const watch = admin.subscribe('>', {
      callback: (_e, msg) => {
        if (!msg.subject.startsWith('$') && !msg.subject.startsWith('_INBOX')) seen.push(msg.subject);
      },
    });
    await admin.flush();

    const gateway = await as('api-gateway');
    const forged = [auditAppended('identity').subject, TicketCreated.subject, IntegrationKeyIssued.subject];
    for (const subject of forged) {
      await expect(jetstream(gateway).publish(subject, '{}', { timeout: 2_000 })).rejects.toThrow(/Permissions Violation for Publish/);
      gateway.publish(subject, '{}');
    }
    await gateway.flush();
    await admin.flush();
    // ticketing may forge identity's witness no more than the gateway; its own goes through.
    const ticketing = await as('ticketing');
    await expect(jetstream(ticketing).publish(auditAppended('identity').subject, '{}', { timeout: 2_000 })).rejects.toThrow(/Permissions Violation/);
    await expect(jetstream(ticketing).publish(auditAppended('ticketing').subject, '{}', { timeout: 2_000 })).resolves.toMatchObject({ stream: AUDIT_STREAM.name });
    await admin.flush();
    watch.unsubscribe();
    expect(seen).toEqual([auditAppended('ticketing').subject]);
  });

  it("lets a service run its own durable consumer, and refuses it other streams' consumers and stream changes", async () => {
    const monitoring = await as('monitoring-ingest');
    const identity = await as('identity');
    await ensureStreams(identity, [IDENTITY_STREAM]);
    await jetstream(identity).publish(IntegrationKeyIssued.subject, '{"event":1}');
    // monitoring-ingest's declared consumer: created, read, acked with its own user.
    await ensureDurableConsumer(monitoring, { stream: IDENTITY_STREAM.name, durable: 'monitoring-integration-keys', filterSubjects: [IntegrationKeyIssued.subject] });
    const consumer = await jetstream(monitoring).consumers.get(IDENTITY_STREAM.name, 'monitoring-integration-keys');
    const msg = await consumer.next({ expires: 2_000 });
    expect(msg?.string()).toBe('{"event":1}');
    await expect(msg!.ackAck()).resolves.toBe(true);

    const ticketing = await as('ticketing');
    // Another service's durable: neither read nor redefined.
    await expect(jetstream(ticketing).consumers.get(IDENTITY_STREAM.name, 'monitoring-integration-keys')).rejects.toThrow(/Permissions Violation/);
    await expect(
      ensureDurableConsumer(ticketing, { stream: IDENTITY_STREAM.name, durable: 'ticketing-spy', filterSubjects: ['identity.>'] }),
    ).rejects.toThrow(/Permissions Violation/);
    // A stream it reads (MONITORING): it may create it when missing, never change or delete it.
    await ensureStreamsExist(ticketing, [MONITORING_STREAM]);
    const jsm = await jetstreamManager(ticketing);
    await expect(jsm.streams.update(MONITORING_STREAM.name, { max_age: 1e9 })).rejects.toThrow(/Permissions Violation/);
    await expect(jsm.streams.delete(MONITORING_STREAM.name)).rejects.toThrow(/Permissions Violation/);
    await expect(jsm.streams.purge(TICKETING_STREAM.name)).rejects.toThrow(/Permissions Violation/);
    await expect(jsm.consumers.add(MONITORING_STREAM.name, { durable_name: 'ticketing-alerts', ack_policy: AckPolicy.Explicit })).resolves.toMatchObject({ name: 'ticketing-alerts' });
  });

  it('lets the ingest benchmark use its own BENCH stream and nothing of Vigil', async () => {
    const bench = await as(NATS_BENCH.user);
    const jsm = await jetstreamManager(bench);
    await jsm.streams.add({ name: 'BENCH', subjects: ['bench.test.>'] });
    await expect(jetstream(bench).publish('bench.test.alert', 'x')).resolves.toMatchObject({ stream: 'BENCH' });
    await expect(jetstream(bench).publish(TicketCreated.subject, '{}', { timeout: 2_000 })).rejects.toThrow(/Permissions Violation/);
    await expect(requestReply(bench, IdentityQueries.publicKeys, { caller: system }, { clock, timeoutMs: 2_000 })).rejects.toThrow(/Permissions Violation/);
    await jsm.streams.delete('BENCH');
  });

  it('keeps the compose nats-server.conf the one generated from the contracts, with no password in it', () => {
    const committed = readFileSync(join(REPO_ROOT, 'deploy/nats/nats-server.conf'), 'utf8');
    expect(committed).toBe(composeNatsConfig());
    expect(committed).not.toMatch(/password: "/);
  });

  it('declares every NATS-connected Vigil service, each with its own user', () => {
    expect(NATS_PARTICIPANTS.map((p) => p.name).sort()).toEqual(['api-gateway', 'customers', 'identity', 'monitoring-ingest', 'notifications', 'ticketing']);
    expect(new Set(serviceUsers().map((u) => u.user)).size).toBe(NATS_PARTICIPANTS.length);
  });
});
