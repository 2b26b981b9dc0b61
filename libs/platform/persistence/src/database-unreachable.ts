/** Socket errors of a connection that could not be made or was cut. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
/** SQLSTATEs of a server that is going away or not accepting connections (class 08, shutdown, too many connections). */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What node-postgres says when the pool cannot connect or a connection dies mid-query. */
const UNAVAILABLE_MESSAGES = [/connection terminated/i, /is not currently accepting connections/i, /the database system is (starting up|shutting down|in recovery mode)/i, /timeout exceeded when trying to connect/i, /connection refused/i, /Client has encountered a connection error/i];

/**
 * Whether an error means the database cannot be reached right now (as opposed
 * to a bad query or a constraint): callers are told to retry later instead of
 * getting an internal error. TypeORM wraps driver errors; both are looked at.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const e = current as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
    if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || UNAVAILABLE_STATES.has(e.code) || e.code.startsWith('08'))) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(e.message as string))) return true;
    // An AggregateError (IPv4 and IPv6 both refused) carries the socket errors in `errors`.
    if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnreachable(inner))) return true;
    current = e.driverError ?? e.cause;
  }
  return false;
}
