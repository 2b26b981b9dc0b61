import { Type } from '@sinclair/typebox';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { defineCommand, defineQuery, RpcErrorCode, type RpcReply } from '@vigil/contracts';
import { ManualClock } from '@vigil/platform-clock';
import { connectNats, DEADLINE_HEADER, requestReply, RpcError, serveContract } from '@vigil/platform-messaging';
import { createServiceDataSource, isDatabaseUnreachable } from '@vigil/platform-persistence';
import { renderMetrics } from '@vigil/platform-observability';
import { freePort, startNatsServer, type RunningNats } from '@vigil/testing';

const Echo = defineQuery({
  subject: 'rpc.contract-test.echo',
  request: Type.Object({ text: Type.String() }, { additionalProperties: false }),
  response: Type.Object({ text: Type.String(), by: Type.String() }),
  callers: ['staff'],
});
const Count = defineCommand({ subject: 'rpc.contract-test.count', request: Type.Object({}, { additionalProperties: false }), response: Type.Object({ count: Type.Integer() }), callers: ['system'] });
const ReadRows = defineQuery({ subject: 'rpc.contract-test.rows', request: Type.Object({}, { additionalProperties: false }), response: Type.Unknown(), callers: ['system'] });

const staff = { kind: 'staff' as const, id: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f' };
const system = { kind: 'system' as const, id: 'contract-test' };

/**
 * The RPC transport against a real nats-server: typed replies, the caller
 * re-checked by the serving side, expired requests dropped unexecuted, and an
 * unreachable database answered UNAVAILABLE (the gateway turns that into 503).
 */
describe('RPC contracts over NATS', () => {
  let nats: RunningNats;
  let server: NatsConnection;
  let client: NatsConnection;
  let unreachable: DataSource;
  const clock = new ManualClock('2028-02-29T12:00:00Z');
  let executed = 0;

  beforeAll(async () => {
    nats = await startNatsServer(process.env['VIGIL_TEST_NATS_SERVER_BIN']!, 'nats-rpc-contract-test');
    [server, client] = await Promise.all([connectNats(nats.url, 'contract-server'), connectNats(nats.url, 'contract-client')]);
    // A database nobody listens on: what a service sees while Postgres is down.
    unreachable = createServiceDataSource({ url: `postgres://postgres@127.0.0.1:${await freePort()}/none`, schema: 'ticketing', entities: [], migrations: [], poolSize: 1 });
    const options = { queue: 'contract-test', clock, isUnavailable: isDatabaseUnreachable };
    serveContract(server, Echo, async ({ text, caller }) => ({ text, by: caller.kind }), options);
    serveContract(server, Count, async () => ({ count: ++executed }), options);
    serveContract(server, ReadRows, async () => unreachable.initialize().then(() => null), options);
    await server.flush();
  }, 60_000);

  afterAll(async () => {
    await client?.drain();
    await server?.drain();
    await nats?.stop();
  });

  it('returns the typed response to an allowed caller', async () => {
    const reply = await requestReply(client, Echo, { caller: staff, text: 'hello' }, { clock });
    expect(reply).toEqual({ text: 'hello', by: 'staff' });
  });

  it('refuses a caller kind the contract does not admit, whatever the client claims', async () => {
    await expect(requestReply(client, Echo, { caller: system, text: 'hello' } as never, { clock })).rejects.toMatchObject({ code: RpcErrorCode.Forbidden });
  });

  it('rejects a request without its caller', async () => {
    await expect(requestReply(client, Echo, { text: 'hello' } as never, { clock })).rejects.toMatchObject({ code: RpcErrorCode.InvalidRequest });
  });

  it('stamps the deadline and drops a request whose deadline has passed without executing it', async () => {
    const before = executed;
    expect(await requestReply(client, Count, { caller: system }, { clock, timeoutMs: 2_000 })).toEqual({ count: before + 1 });

    // What arrives after the caller gave up: deadline one second ago by the service's clock.
    const h = natsHeaders();
    h.set(DEADLINE_HEADER, String(clock.nowMs() - 1_000));
    await expect(client.request(Count.subject, JSON.stringify({ caller: system }), { timeout: 500, headers: h })).rejects.toThrow();
    expect(executed).toBe(before + 1);

    // The same request inside its deadline runs.
    h.set(DEADLINE_HEADER, String(clock.nowMs() + 5_000));
    const reply = (await client.request(Count.subject, JSON.stringify({ caller: system }), { timeout: 2_000, headers: h })).json<RpcReply<{ count: number }>>();
    expect(reply).toEqual({ ok: true, data: { count: before + 2 } });
  });

  it('answers UNAVAILABLE, not INTERNAL, when the database cannot be reached', async () => {
    const error = await requestReply(client, ReadRows, { caller: system }, { clock, timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(RpcErrorCode.Unavailable);
  });

  // The gateway answers both 503; the client's metric keeps them apart (a service down, or one too slow).
  it('tells a request nobody serves from one not answered in time', async () => {
    const Nobody = defineQuery({ subject: 'rpc.contract-test.nobody', request: Type.Object({}, { additionalProperties: false }), response: Type.Unknown(), callers: ['system'] });
    const Silent = defineQuery({ subject: 'rpc.contract-test.silent', request: Type.Object({}, { additionalProperties: false }), response: Type.Unknown(), callers: ['system'] });
    const silent = server.subscribe(Silent.subject); // receives, never answers
    await server.flush();
    try {
      const nobody = await requestReply(client, Nobody, { caller: system }, { clock }).catch((error: Error) => error);
      const late = await requestReply(client, Silent, { caller: system }, { clock, timeoutMs: 200 }).catch((error: Error) => error);
      expect(nobody).toBeInstanceOf(Error);
      expect(nobody).not.toBeInstanceOf(RpcError);
      expect(late).toBeInstanceOf(Error);
      expect(late).not.toBeInstanceOf(RpcError);
      const metrics = await renderMetrics();
      const count = (subject: string, outcome: string) =>
        Number(new RegExp(`^vigil_rpc_client_duration_seconds_count\\{[^}]*subject="${subject.replace(/\./g, '\\.')}"[^}]*outcome="${outcome}"[^}]*\\} (\\d+)$`, 'm').exec(metrics)?.[1] ?? 0);
      expect(count(Nobody.subject, 'no_responders')).toBe(1);
      expect(count(Silent.subject, 'timeout')).toBe(1);
    } finally {
      silent.unsubscribe();
    }
  });
});
