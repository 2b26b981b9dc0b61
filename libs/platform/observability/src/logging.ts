import pino, { type Level, type Logger as PinoLogger } from 'pino';
import type { LoggerService } from '@nestjs/common';
import { currentRequestId } from './request-context';
import { currentTraceIds, serviceName } from './tracing';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Fields that can hold a secret, wherever a log call puts them: they are
 * replaced before the line is written. Vigil logs no request bodies or headers;
 * this is the net under that rule.
 */
export const REDACTED_PATHS = [
  'authorization', 'cookie', 'password', 'newPassword', 'currentPassword', 'totpCode', 'token', 'accessToken', 'refreshToken', 'apiKey', 'secret',
  'headers.authorization', 'headers.cookie', 'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-vigil-signature"]', 'res.headers["set-cookie"]',
  '*.authorization', '*.cookie', '*.password', '*.newPassword', '*.currentPassword', '*.totpCode', '*.token', '*.accessToken', '*.refreshToken', '*.apiKey', '*.secret',
];

let root: PinoLogger | null = null;

/**
 * The process's one JSON logger (stdout, one object per line). Every line
 * carries the service, and, when there is one, the trace and span id of the
 * active span and the id of the API request being served.
 */
export function rootLogger(level?: LogLevel): PinoLogger {
  if (root) {
    // Only the process's entry point passes the configured level; later callers take the logger as it is.
    if (level && root.level !== level) root.level = level;
    return root;
  }
  root = createJsonLogger(level ?? 'info');
  return root;
}

/** A logger as `rootLogger` builds it, writing to `destination` (stdout by default). */
export function createJsonLogger(level: LogLevel, destination?: pino.DestinationStream): PinoLogger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: serviceName(), pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: traceFields,
  };
  // Asynchronous writes: lines written while one is in flight go out together, and a busy
  // intake does not block on the pipe once per request. Nothing is held back (minLength 0),
  // and pino flushes what is pending when the process exits.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false, minLength: 0 }));
}

/** Trace, span and request id of the work going on; explicit fields of a log call win over these. */
function traceFields(): Record<string, string> {
  const ids = currentTraceIds();
  const requestId = currentRequestId();
  return {
    ...(ids ? { trace_id: ids.traceId, span_id: ids.spanId } : {}),
    ...(requestId ? { request_id: requestId } : {}),
  };
}

/** Nest's logger calls (`new Logger('Ctx').warn(...)`) written through pino, the context as a field. */
export class JsonNestLogger implements LoggerService {
  constructor(private readonly logger: PinoLogger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest, true);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest, true);
  }

  /** Nest passes the context last and, for errors, a stack before it. */
  private write(level: Level, message: unknown, rest: unknown[], mayHaveStack = false): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const params = [...rest];
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const stack = mayHaveStack && typeof params[0] === 'string' && params[0].includes('\n    at ') ? (params.shift() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.logger[level]({ ...fields, ...(stack ? { stack } : {}) }, String(message));
    }
  }
}
