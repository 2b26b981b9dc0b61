import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { violations } from '@vigil/contracts';
import { ProblemException } from '@vigil/platform-runtime';

/** Where a route's body schema is kept, for the route index and the API description. */
export const REQUEST_BODY_METADATA = 'vigil:request-body';

export const invalidRequest = (errors: string[]) =>
  new ProblemException(400, 'https://vigil.dev/problems/invalid-request', 'invalid request', errors.join('; '), { errors });

const validatedBody = createParamDecorator((schema: TSchema, context: ExecutionContext) => {
  const body = context.switchToHttp().getRequest<FastifyRequest>().body ?? {};
  const errors = violations(schema, body);
  if (errors.length > 0) throw invalidRequest(errors);
  return body;
});

/**
 * The request body, validated against a schema that rejects unknown fields.
 * Runs after the access guard, so an unauthorised caller learns nothing from
 * validation; the schema is also recorded on the route (with its example).
 */
export const ValidBody =
  (schema: TSchema): ParameterDecorator =>
  (target, key, index) => {
    validatedBody(schema)(target, key, index);
    if (key !== undefined) Reflect.defineMetadata(REQUEST_BODY_METADATA, schema, (target as Record<string | symbol, object>)[key]);
  };
