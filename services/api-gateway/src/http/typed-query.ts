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

/** A request built from the query string and path, checked against its contract: 400 naming every violation. */
export function validRequest<S extends TSchema>(schema: S, request: Record<string, unknown>): Static<S> {
  const problems = violations(schema, request);
  if (problems.length > 0) throw invalidRequest(problems);
  return request as Static<S>;
}
