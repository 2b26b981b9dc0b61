import { Injectable, Logger } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessTokenClaims } from '@vigil/platform-auth';
import { AccessLogRepository } from './access-log.repository';

/**
 * ACC-2: records every API request once its response is sent: who (from the
 * verified token), what (method and path without the query string, which may
 * carry personal data), the status and the time taken. Health probes are not
 * API requests and are left out.
 */
@Injectable()
export class AccessLogRecorder {
  private readonly log = new Logger(AccessLogRecorder.name);

  constructor(private readonly accessLog: AccessLogRepository) {}

  attach(server: FastifyInstance): void {
    server.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const path = request.url.split('?')[0] ?? request.url;
      if (!path.startsWith('/health')) {
        const principal = (request as FastifyRequest & { principal?: AccessTokenClaims }).principal;
        this.accessLog
          .record({
            method: request.method,
            path,
            status: reply.statusCode,
            actor: principal ? `${principal.kind}:${principal.sub}` : null,
            clientIp: request.ip ?? null,
            durationMs: Math.round(reply.elapsedTime * 100) / 100,
            traceId: trace.getActiveSpan()?.spanContext().traceId ?? null,
          })
          .catch((error: Error) => this.log.error(`access log entry lost: ${error.message}`));
      }
      done();
    });
  }
}
