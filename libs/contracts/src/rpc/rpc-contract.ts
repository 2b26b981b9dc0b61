import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import { Caller, type CallerKind } from './caller';
import { RpcErrorCode } from './error-codes';

/** The fields of a request as its caller fills them in; the contract adds the caller. */
export type RequestWithCaller<P extends TProperties> = TObject<P & { caller: typeof Caller }>;

/**
 * One request/reply operation, declared once (rule 7): subject, request and
 * response schemas, the error codes it may answer with, and which kinds of
 * caller may use it (the serving platform re-checks that on every request).
 */
export interface RpcContract<P extends TProperties = TProperties, R extends TSchema = TSchema, E extends RpcErrorCode = RpcErrorCode> {
  readonly kind: 'query' | 'command';
  readonly subject: string;
  /** The fields without the caller, for documentation and gateway-side validation. */
  readonly input: TObject<P>;
  /** What travels: the fields plus the required caller; unknown fields are rejected. */
  readonly request: RequestWithCaller<P>;
  readonly response: R;
  readonly errors: readonly E[];
  readonly callers: readonly CallerKind[];
}

export type RequestOf<C extends RpcContract> = C extends RpcContract<infer P, TSchema, RpcErrorCode> ? Static<RequestWithCaller<P>> : never;
export type InputOf<C extends RpcContract> = C extends RpcContract<infer P, TSchema, RpcErrorCode> ? Static<TObject<P>> : never;
export type ResponseOf<C extends RpcContract> = Static<C['response']>;

export interface RpcDefinition<P extends TProperties, R extends TSchema, E extends RpcErrorCode> {
  subject: string;
  request: TObject<P>;
  response: R;
  /** Codes besides the ones every request may get (INVALID_REQUEST, FORBIDDEN, UNAVAILABLE, INTERNAL). A request past its deadline gets no reply at all. */
  errors?: readonly E[];
  /** Kinds of caller allowed; anyone else gets FORBIDDEN from the serving service. */
  callers: readonly CallerKind[];
}

/** Every request may end with these, whatever the operation. */
export const TRANSPORT_ERRORS = [RpcErrorCode.InvalidRequest, RpcErrorCode.Forbidden, RpcErrorCode.Unavailable, RpcErrorCode.Internal] as const;

function define<P extends TProperties, R extends TSchema, E extends RpcErrorCode>(kind: 'query' | 'command', definition: RpcDefinition<P, R, E>): RpcContract<P, R, E> {
  if ('caller' in definition.request.properties) throw new Error(`${definition.subject}: the contract adds the caller; do not declare it in the request`);
  const request = Type.Object({ ...definition.request.properties, caller: Caller }, { additionalProperties: false }) as unknown as RequestWithCaller<P>;
  return { kind, subject: definition.subject, input: definition.request, request, response: definition.response, errors: definition.errors ?? [], callers: definition.callers };
}

/** A read: safe to retry on timeout. */
export const defineQuery = <P extends TProperties, R extends TSchema, E extends RpcErrorCode = never>(definition: RpcDefinition<P, R, E>) => define('query', definition);

/** A change: retried on timeout, so it carries an idempotency key or is idempotent by nature. */
export const defineCommand = <P extends TProperties, R extends TSchema, E extends RpcErrorCode = never>(definition: RpcDefinition<P, R, E>) => define('command', definition);

/** A response declared by its TypeScript type only (not validated on the wire). */
export const responseOf = <T>() => Type.Unsafe<T>({});

/** A request type as the serving service receives it. */
export type WithCaller<T> = T & { caller: Caller };
