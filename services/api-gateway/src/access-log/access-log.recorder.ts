import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessTokenClaims } from '@vigil/platform-auth';
import { Clock } from '@vigil/platform-clock';
import { outsideAnyRequest } from '@vigil/platform-observability';
import { traceIdOf } from '@vigil/platform-runtime';
import { AccessLogRepository, type AccessLogEntry } from './access-log.repository';

/** Entries written together at most; a fuller buffer is written at once. */
const MAX_ENTRIES_PER_WRITE = 500;
/** How long an entry waits for others to share its write. */
const GATHER_MS = 25;

/**
 * ACC-2: records every API request once its response is sent: who (from the
 * verified token), what (method and path without the query string, which may
 * carry personal data), the status and the time taken. Health probes are not
 * API requests and are left out.
 *
 * Entries are written in batches (one INSERT and one commit per 25 ms or 500
 * entries) instead of one commit per request: under load that was a WAL flush
 * per API call. The entry is written after the answer either way; what a crash
 * can lose grows from the requests in flight to those of the last 25 ms, and
 * shutdown writes what is buffered.
 */
@Injectable()
export class AccessLogRecorder implements OnApplicationShutdown {
  private readonly log = new Logger(AccessLogRecorder.name);
  private buffer: Array<AccessLogEntry & { at: Date }> = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly accessLog: AccessLogRepository, private readonly clock: Clock) {}

  attach(server: FastifyInstance): void {
    server.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const path = request.url.split('?')[0] ?? request.url;
      if (!path.startsWith('/health')) {
        const principal = (request as FastifyRequest & { principal?: AccessTokenClaims }).principal;
        this.add({
          method: request.method,
          path,
          status: reply.statusCode,
          actor: principal ? `${principal.kind}:${principal.sub}` : null,
          clientIp: request.ip ?? null,
          durationMs: Math.round(reply.elapsedTime * 100) / 100,
          // Taken when the request started, in its own trace: where the answer finishes, another request's context may be active.
          traceId: traceIdOf(request),
          at: this.clock.now(),
        });
      }
      done();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private add(entry: AccessLogEntry & { at: Date }): void {
    this.buffer.push(entry);
    // The write is shared by many requests: it runs in none of them.
    outsideAnyRequest(() => {
      if (this.buffer.length >= MAX_ENTRIES_PER_WRITE) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), GATHER_MS);
    });
  }

  /** Writes what is buffered; one write at a time, so entries keep their order. */
  private flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const entries = this.buffer;
    this.buffer = [];
    this.writing = this.writing.then(async () => {
      if (entries.length === 0) return;
      await this.accessLog.recordMany(entries).catch((error: Error) => this.log.error(`${entries.length} access log entries lost: ${error.message}`));
    });
    return this.writing;
  }
}
