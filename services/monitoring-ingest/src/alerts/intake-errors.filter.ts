import { ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemDetailsFilter, ProblemException } from '@vigil/platform-runtime';

/** PagerDuty's Events API v2 error body: what its clients decode (issue 19). */
export interface PagerDutyError {
  status: string;
  message: string;
  errors: string[];
}

/** PagerDuty's own `status` and `message` per answer, so its clients can read every error. */
const PAGERDUTY_STATUS: Record<number, Pick<PagerDutyError, 'status' | 'message'>> = {
  400: { status: 'invalid event', message: 'Event object is invalid' },
  401: { status: 'invalid routing key', message: 'routing_key is not a valid Vigil integration key' },
  403: { status: 'forbidden', message: 'this integration key may not post alerts' },
  413: { status: 'invalid event', message: 'Event object is too large' },
  429: { status: 'throttle event', message: 'Vigil is taking in more events than it can store right now; retry later' },
};
const UNAVAILABLE = { status: 'unavailable', message: 'Vigil cannot store events right now; retry later' };

/** The PagerDuty Events v2 routes: PagerDuty's own path, and Vigil's. */
const PAGERDUTY_ROUTE = /^\/(v2\/enqueue|v1\/alerts\/pagerduty)\/?(\?|$)/;

/**
 * Errors of the PagerDuty routes (`/v2/enqueue`, `/v1/alerts/pagerduty`) in
 * PagerDuty's shape and content type instead of problem details: PagerDuty's
 * clients expect `application/json` with `status`, `message` and `errors`, and
 * cannot read anything else. The status codes and Retry-After stay as they are.
 * Global, not on the route, because a body that is not JSON fails before any
 * route runs; every other path keeps problem details.
 */
@Catch()
export class IntakeErrorsFilter extends ProblemDetailsFilter {
  private readonly pagerDutyLog = new Logger('PagerDutyErrors');

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (!PAGERDUTY_ROUTE.test(host.switchToHttp().getRequest<FastifyRequest>().url)) return super.catch(exception, host);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = statusOf(exception);
    if (status >= 500 && !(exception instanceof ProblemException)) this.pagerDutyLog.error(`PagerDuty event failed: ${(exception as Error)?.stack ?? String(exception)}`);
    if (exception instanceof ProblemException) for (const [name, value] of Object.entries(exception.headers)) void reply.header(name, value);
    const body: PagerDutyError = { ...(PAGERDUTY_STATUS[status] ?? UNAVAILABLE), errors: errorsOf(exception, status) };
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}

function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode; // Fastify's own errors: unreadable JSON, body too large
  return typeof statusCode === 'number' && statusCode < 500 ? statusCode : 500;
}

function errorsOf(exception: unknown, status: number): string[] {
  if (status >= 500 && !(exception instanceof ProblemException)) return []; // nothing internal leaves
  if (exception instanceof ProblemException) {
    const listed = exception.extensions['errors'];
    if (Array.isArray(listed)) return listed.map(String);
    return exception.detail ? [exception.detail] : [exception.message];
  }
  return [(exception as Error)?.message ?? String(exception)];
}
