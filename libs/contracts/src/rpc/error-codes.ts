/**
 * The error codes an RPC reply may carry, one vocabulary for every transport:
 * the gateway maps each to one HTTP status (rule 9). Modules declare their own
 * subsets (`TicketingError`, ...) so a domain error names what went wrong in
 * the module's words while the transports only know these.
 */
export const RpcErrorCode = {
  InvalidRequest: 'INVALID_REQUEST',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  Unprocessable: 'UNPROCESSABLE',
  RateLimited: 'RATE_LIMITED',
  /** The service or one of its dependencies (its database) cannot be reached right now; retry later. */
  Unavailable: 'UNAVAILABLE',
  Internal: 'INTERNAL',
} as const;
export type RpcErrorCode = (typeof RpcErrorCode)[keyof typeof RpcErrorCode];

/**
 * A failure of the domain that the caller should see as-is. Modules subclass
 * it with their own code enum; transports map it once (RPC reply, problem
 * details). `details` travel to the caller, so never put internals there.
 */
export class DomainError<C extends RpcErrorCode = RpcErrorCode> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Replies are `{ ok: true, data }` or `{ ok: false, error: { code, message, details? } }`. */
export type RpcReply<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };
