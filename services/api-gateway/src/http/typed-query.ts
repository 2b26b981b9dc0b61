import type { Static, TSchema } from '@sinclair/typebox';
import { violations } from '@vigil/contracts';
import { invalidRequest } from './valid-body.decorator';

/** Query strings arrive as text; `limit` and the named boolean parameters are converted before validation. */
export function typedQuery(query: Record<string, string>, booleans: readonly string[] = []): Record<string, unknown> {
  const typed: Record<string, unknown> = { ...query };
  if (query['limit'] !== undefined && /^\d+$/.test(query['limit'])) typed['limit'] = Number(query['limit']);
  for (const name of booleans) if (query[name] === 'true' || query[name] === 'false') typed[name] = query[name] === 'true';
  return typed;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path parameter that must be a UUID: 400 naming it otherwise. */
export function uuidParam(name: string, value: string): string {
  if (!UUID.test(value)) throw invalidRequest([`${name} must be a UUID`]);
  return value;
}

/** A request built from the query string and path, checked against its contract: 400 naming every violation. */
export function validRequest<S extends TSchema>(schema: S, request: Record<string, unknown>): Static<S> {
  const problems = violations(schema, request);
  if (problems.length > 0) throw invalidRequest(problems);
  return request as Static<S>;
}
