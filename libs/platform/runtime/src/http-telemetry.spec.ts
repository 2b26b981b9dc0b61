import Fastify from 'fastify';
import pino from 'pino';
import { Writable } from 'node:stream';
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
