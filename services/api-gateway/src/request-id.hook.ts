import type { FastifyInstance } from 'fastify';
import { runWithRequestId } from '@vigil/platform-observability';

/**
 * Runs each request with its id as context, so every service call it makes
 * carries the id and audit entries name the request (ACC-1). The id is also
 * returned to the caller in `x-request-id` on every answer that reaches the
 * server's hooks, the guard's and the rate limit's refusals included (it is
 * attached before the rate limit); a request Fastify refuses while parsing it
 * (a malformed URL) has none.
 *
 * A server hook, not a Nest interceptor: Nest wraps each interceptor call in
 * `AsyncResource.bind()`, which on Node 24 costs every request two
 * deprecation wrappers that outlive it into the old generation (decision 0031).
 */
export function attachRequestIds(server: FastifyInstance): void {
  server.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    runWithRequestId(request.id, done);
  });
}
