import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface RateLimitSettings {
  windowSeconds: number;
  /** Requests per address and window on any route. */
  overallMax: number;
  /** Requests per address and window on the routes that take credentials. */
  credentialsMax: number;
}

/** Where passwords and refresh tokens are presented: guessing happens here, so these are limited tightly. */
export const CREDENTIAL_ROUTES: ReadonlySet<string> = new Set([
  'POST /v1/auth/sign-in',
  'POST /v1/auth/customer/sign-in',
  'POST /v1/auth/refresh',
  'POST /v1/auth/password',
  'POST /v1/auth/customer/password-reset',
]);

/**
 * Per client address rate limits (issue 12) with @fastify/rate-limit: every
 * request counts against the generous overall limit, requests to the
 * credential routes also against the tight one; beyond either the answer is
 * 429 with Retry-After and a problem-details body. The address is
 * `request.ip`: the peer, or the X-Forwarded-For client when the peer is a
 * configured trusted proxy (GATEWAY_TRUSTED_PROXIES); IPv6 addresses count
 * per /64. Health probes are not limited.
 *
 * The counters live in each gateway replica's memory: with N replicas behind a
 * balancer an address gets up to N times the limit. That is acceptable for
 * what these limits are for, a brake on floods and spraying from one address;
 * the exact per-account protection is identity's lockout, which is shared
 * through the database (decision 0018).
 */
export async function attachRateLimits(server: FastifyInstance, settings: RateLimitSettings): Promise<void> {
  await server.register(rateLimit, { global: false });
  const timeWindow = settings.windowSeconds * 1000;
  const overall = server.createRateLimit({ max: settings.overallMax, timeWindow });
  const credentials = server.createRateLimit({ max: settings.credentialsMax, timeWindow });

  server.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.startsWith('/health/')) return;
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    for (const limiter of CREDENTIAL_ROUTES.has(route) ? [overall, credentials] : [overall]) {
      const outcome = await limiter(request);
      if (!outcome.isAllowed && outcome.isExceeded) {
        const retryAfter = Math.max(1, outcome.ttlInSeconds);
        return reply
          .code(429)
          .header('retry-after', String(retryAfter))
          .header('content-type', 'application/problem+json')
          .send({
            type: 'https://vigil.dev/problems/rate-limited',
            title: 'too many requests',
            status: 429,
            detail: `too many requests from your address; try again in ${retryAfter} s`,
            instance: request.url,
          });
      }
    }
  });
}

/** GATEWAY_TRUSTED_PROXIES as Fastify's trustProxy: nobody (X-Forwarded-For ignored) unless addresses or CIDRs are listed. */
export const trustedProxies = (setting: string): string[] | false => {
  const proxies = setting.split(',').map((entry) => entry.trim()).filter(Boolean);
  return proxies.length > 0 ? proxies : false;
};
