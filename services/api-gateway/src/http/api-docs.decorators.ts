import { SetMetadata } from '@nestjs/common';
import type { TSchema } from '@sinclair/typebox';

export const QUERY_SCHEMA_METADATA = 'vigil:query-schema';
export const RESPONSE_METADATA = 'vigil:response';

export interface DocumentedResponse {
  status: number;
  schema?: TSchema;
  description: string;
}

/** The query parameters a route accepts (the handler validates against the same schema). */
export const ApiQuery = (schema: TSchema) => SetMetadata(QUERY_SCHEMA_METADATA, schema);

/** What a route answers on success, for the OpenAPI document. */
export const ApiResponse = (status: number, description: string, schema?: TSchema) =>
  SetMetadata(RESPONSE_METADATA, { status, description, ...(schema ? { schema } : {}) } satisfies DocumentedResponse);
