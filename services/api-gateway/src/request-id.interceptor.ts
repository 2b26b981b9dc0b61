import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { runWithRequestId } from '@vigil/platform-observability';

/**
 * Runs each route handler with the request's id as context, so every service
 * call it makes carries the id and audit entries name the request (ACC-1).
 * The id is also returned to the caller in `x-request-id`.
 */
@Injectable()
export class RequestIdInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    void http.getResponse<FastifyReply>().header('x-request-id', request.id);
    return new Observable((subscriber) => runWithRequestId(request.id, () => next.handle().subscribe(subscriber)));
  }
}
