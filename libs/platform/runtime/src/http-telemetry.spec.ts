import Fastify from 'fastify';
import pino from 'pino';
import { Writable } from 'node:stream';
import { context, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { currentTraceIds } from '@vigil/platform-observability';
import { instrumentHttp } from './http-telemetry';

/** A Fastify server with the platform's request telemetry, its log lines collected. */
async function serverLogging(highVolumeRoutes: string[]) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(JSON.parse(chunk.toString())), done()) });
  const app = Fastify();
  instrumentHttp(app, pino({ level: 'info' }, sink), highVolumeRoutes);
  app.post('/v1/alerts', async (request, reply) => ((request.body as { ok?: boolean }).ok ? { stored: 1 } : reply.code(400).send({ title: 'invalid' })));
  app.get('/v1/alerts', async () => ({ items: [] }));
  await app.ready();
  return { app, completed: () => lines.filter((l) => l['msg'] === 'request completed').map((l) => `${(l['http'] as { method: string }).method} ${(l['http'] as { status_code: number }).status_code}`) };
}

describe('request telemetry (issue 12 logs, issue 19 intake cost)', () => {
  it('logs every answer of an ordinary route at info', async () => {
    const { app, completed } = await serverLogging([]);
    await app.inject({ method: 'POST', url: '/v1/alerts', payload: { ok: true } });
    await app.inject({ method: 'POST', url: '/v1/alerts', payload: { ok: false } });
    expect(completed()).toEqual(['POST 200', 'POST 400']);
  });

  it('keeps a high-volume route\'s successful answers out of the info log, but not its refusals nor other methods on the same path', async () => {
    const { app, completed } = await serverLogging(['POST /v1/alerts']);
    await app.inject({ method: 'POST', url: '/v1/alerts', payload: { ok: true } });
    await app.inject({ method: 'POST', url: '/v1/alerts', payload: { ok: false } });
    await app.inject({ method: 'GET', url: '/v1/alerts' });
    expect(completed()).toEqual(['POST 400', 'GET 200']);
  });
});

describe('a caller\'s trace context without a collector (decision 0031: no HTTP instrumentation loaded)', () => {
  const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
  const CALLER_SPAN = '00f067aa0ba902b7';
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    // What instrumentation.ts registers when no collector is configured: context and propagation, no HTTP instrumentation.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const app = Fastify();
    instrumentHttp(app, pino({ level: 'silent' }));
    app.get('/ids', async () => ({ ids: currentTraceIds() }));
    // A body is parsed in a later tick, and the handler awaits before looking: the context must survive both.
    app.post('/ids', async (request) => {
      await new Promise((resolve) => setImmediate(resolve));
      return { ids: currentTraceIds(), echoed: request.body };
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    close = () => app.close();
  });

  afterAll(async () => {
    await close();
    context.disable();
    propagation.disable();
  });

  const idsFor = async (init: RequestInit) => ((await (await fetch(`${url}/ids`, init)).json()) as { ids: unknown; echoed?: unknown });

  it('runs the request in the trace its traceparent names, for a GET and for a POST with a body read later', async () => {
    const traceparent = `00-${TRACE_ID}-${CALLER_SPAN}-01`;
    expect(await idsFor({ headers: { traceparent } })).toEqual({ ids: { traceId: TRACE_ID, spanId: CALLER_SPAN } });
    expect(await idsFor({ method: 'POST', headers: { traceparent, 'content-type': 'application/json' }, body: JSON.stringify({ n: 1 }) })).toEqual({
      ids: { traceId: TRACE_ID, spanId: CALLER_SPAN },
      echoed: { n: 1 },
    });
  });

  it('keeps the server span an HTTP instrumentation made (with a collector) instead of replacing it with the caller\'s', async () => {
    const serverSpan = { traceId: TRACE_ID, spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };
    const app = Fastify();
    // Stands in for the instrumentation, which runs the whole request in its server span, a child of the caller's.
    app.addHook('onRequest', (_request, _reply, done) => context.with(trace.setSpanContext(ROOT_CONTEXT, serverSpan), done));
    instrumentHttp(app, pino({ level: 'silent' }));
    app.get('/ids', async () => ({ ids: currentTraceIds() }));
    const answer = await app.inject({ method: 'GET', url: '/ids', headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` } });
    expect(answer.json()).toEqual({ ids: { traceId: TRACE_ID, spanId: serverSpan.spanId } });
    await app.close();
  });

  it('leaves a request without a trace context, or with a malformed one, outside any trace, and one request\'s trace never leaks into the next', async () => {
    expect(await idsFor({})).toEqual({ ids: null });
    expect(await idsFor({ headers: { traceparent: `00-${TRACE_ID}-not-a-span-01` } })).toEqual({ ids: null });
    const [traced, untraced] = await Promise.all([idsFor({ headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` } }), idsFor({})]);
    expect(traced.ids).toEqual({ traceId: TRACE_ID, spanId: CALLER_SPAN });
    expect(untraced.ids).toBeNull();
  });
});
