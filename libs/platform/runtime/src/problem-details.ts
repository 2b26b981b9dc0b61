import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** An RFC 9457 problem. `type` is a stable URI per problem kind. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly problemType: string,
    title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    /** Response headers the problem needs, e.g. Retry-After on a 429 or 503. */
    readonly headers: Record<string, string> = {},
  ) {
    super(title, status);
  }
}

/**
 * Maps every error to `application/problem+json` once per transport (rule 9).
 * A 5xx carries an error id for the logs and nothing internal.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly log = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const body = this.toProblem(exception, request.url);
    if (exception instanceof ProblemException) for (const [name, value] of Object.entries(exception.headers)) void reply.header(name, value);
    void reply.status(body.status).header('content-type', 'application/problem+json').send(body);
  }

  private toProblem(exception: unknown, instance: string): { status: number; type: string; title: string; detail?: string; instance: string } & Record<string, unknown> {
    if (exception instanceof ProblemException) {
      return { type: exception.problemType, title: exception.message, status: exception.getStatus(), detail: exception.detail, instance, ...exception.extensions };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { type: 'about:blank', title: HttpStatus[status]?.replace(/_/g, ' ').toLowerCase() ?? 'error', status, detail: exception.message, instance };
    }
    const fastifyError = exception as { statusCode?: number; message?: string; code?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
      return { type: 'about:blank', title: 'bad request', status: fastifyError.statusCode, detail: fastifyError.message, instance };
    }
    const errorId = randomUUID();
    this.log.error(`unhandled error ${errorId}: ${(exception as Error)?.stack ?? String(exception)}`);
    return { type: 'about:blank', title: 'internal server error', status: 500, instance, errorId };
  }
}
