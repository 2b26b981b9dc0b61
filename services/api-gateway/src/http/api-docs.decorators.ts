import { SetMetadata } from '@nestjs/common';
import type { TSchema } from '@sinclair/typebox';

export const QUERY_SCHEMA_METADATA = 'vigil:query-schema';
export const RESPONSE_METADATA = 'vigil:response';
export const REFUSALS_METADATA = 'vigil:refusals';

export interface DocumentedResponse {
  schema?: TSchema;
  description: string;
}

/** The query parameters a route accepts (the handler validates against the same schema). */
export const ApiQuery = (schema: TSchema) => SetMetadata(QUERY_SCHEMA_METADATA, schema);

/** Refusals particular to a route (e.g. wrong credentials on a public sign-in), by status; the common ones are documented for every route. */
export const ApiRefusals = (refusals: Record<number, string>) => SetMetadata(REFUSALS_METADATA, refusals);

/**
 * What a route answers on success, for the OpenAPI document. The status is
 * not stated here: the document takes the one Nest answers with (@HttpCode,
 * else Nest's default), so the two cannot disagree.
 */
export const ApiResponse = (description: string, schema?: TSchema) =>
  SetMetadata(RESPONSE_METADATA, { description, ...(schema ? { schema } : {}) } satisfies DocumentedResponse);
