import { RpcErrorCode } from '@vigil/contracts';
import type { RpcError } from '@vigil/platform-messaging';
import { ProblemException } from '@vigil/platform-runtime';

/** The one mapping of RPC reply codes to HTTP statuses (rule 9). */
const STATUS_BY_CODE: Record<string, number> = {
  [RpcErrorCode.InvalidRequest]: 400,
  [RpcErrorCode.Unauthenticated]: 401,
  [RpcErrorCode.Forbidden]: 403,
  [RpcErrorCode.NotFound]: 404,
  [RpcErrorCode.Conflict]: 409,
  [RpcErrorCode.Unprocessable]: 422,
  [RpcErrorCode.RateLimited]: 429,
  [RpcErrorCode.Unavailable]: 503,
};

/** How long a client should wait before retrying while a service or its database is down. */
export const RETRY_AFTER_SECONDS = 5;

const typeOf = (code: string) => `https://vigil.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
const titleOf = (code: string) => code.toLowerCase().replace(/_/g, ' ');

/** An error reply as problem details: 4xx carry the service's message and details, 5xx nothing internal. */
export function problemForRpcError(error: RpcError): ProblemException {
  const status = STATUS_BY_CODE[error.code] ?? 502;
  if (status === 503) return unavailable(error.code, 'the responsible service cannot serve this right now; retry later');
  return new ProblemException(status, typeOf(error.code), titleOf(error.code), status < 500 ? error.message : undefined, status < 500 ? error.details : undefined);
}

/** No answer within the deadline (service down or overloaded); the service drops the request once the deadline passes. */
export function serviceDidNotAnswer(): ProblemException {
  return new ProblemException(503, 'https://vigil.dev/problems/service-unavailable', 'service unavailable', 'the responsible service did not answer in time', {}, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
}

function unavailable(code: string, detail: string): ProblemException {
  return new ProblemException(503, typeOf(code), titleOf(code), detail, {}, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
}
