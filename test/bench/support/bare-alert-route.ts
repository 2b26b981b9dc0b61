/**
 * The ceiling the ingest benchmark compares Vigil's intake with (issue 19): a
 * bare Fastify route that parses the same Alertmanager body and answers the
 * same shape, with nothing behind it. Run as its own process, like a service,
 * so it does not share the load generator's event loop.
 * Usage: node -r @swc-node/register bare-alert-route.ts <port>; prints "listening" when ready.
 */
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 3990);
const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

app.post('/v1/alerts/alertmanager', async (request, reply) => {
  if (!request.headers.authorization) return reply.code(401).send({ title: 'unauthenticated' });
  const alerts = (request.body as { alerts?: unknown[] }).alerts ?? [];
  return { received: alerts.length, recorded: 0, truncatedAlerts: 0 };
});

app.listen({ port, host: '127.0.0.1' }).then(() => console.log('listening'), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
