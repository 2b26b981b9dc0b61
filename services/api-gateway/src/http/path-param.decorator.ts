import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { violations } from '@vigil/contracts';
import { ProblemException } from '@vigil/platform-runtime';
import { invalidRequest } from './valid-body.decorator';

/** Where a route's path parameter schemas are kept, for the API description. */
export const PATH_PARAMS_METADATA = 'vigil:path-params';

export interface DeclaredPathParam {
  name: string;
  schema: TSchema;
  /** What a value outside the schema is answered with. */
  refusalStatus: 400 | 404;
}

/** How a value outside the schema is answered: 400 by default, 404 where the parameter names a resource set (e.g. an audited service). */
export interface Refusal {
  detail: string;
  status?: 400 | 404;
}

const notFound = (detail: string) => new ProblemException(404, 'https://vigil.dev/problems/not-found', 'not found', detail);

const validatedParam = createParamDecorator((declared: { name: string; schema: TSchema; refusal: Refusal }, context: ExecutionContext) => {
  const params = context.switchToHttp().getRequest<FastifyRequest<{ Params: Record<string, string> }>>().params;
  const value = params[declared.name];
  if (violations(declared.schema, value).length > 0) throw declared.refusal.status === 404 ? notFound(declared.refusal.detail) : invalidRequest([declared.refusal.detail]);
  return value;
});

/**
 * A path parameter checked against its schema (400 naming it otherwise). Like
 * ValidBody it runs after the access guard, and the schema is recorded on the
 * route so the OpenAPI document states the real type of every parameter.
 */
export const PathParam =
  (name: string, schema: TSchema, refusal: Refusal): ParameterDecorator =>
  (target, key, index) => {
    validatedParam({ name, schema, refusal })(target, key, index);
    if (key === undefined) return;
    const handler = (target as Record<string | symbol, object>)[key]!;
    const declared = (Reflect.getMetadata(PATH_PARAMS_METADATA, handler) as DeclaredPathParam[] | undefined) ?? [];
    Reflect.defineMetadata(PATH_PARAMS_METADATA, [...declared, { name, schema, refusalStatus: refusal.status ?? 400 }], handler);
  };

const Uuid = Type.String({ format: 'uuid' });

/** A path parameter that must be a UUID. */
export const UuidParam = (name: string): ParameterDecorator => PathParam(name, Uuid, { detail: `${name} must be a UUID` });
