import type { TSchema } from '@sinclair/typebox';
import type { GatewayRoute } from '../routes';
import { alertIntakePaths } from './alert-intake-paths';

const PROBLEM = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: { type: 'array', items: { type: 'string' } },
    allowedTransitions: { type: 'array', items: { type: 'string' }, description: 'On a refused ticket transition (409): where the ticket may move.' },
  },
  required: ['type', 'title', 'status'],
};

/** TypeBox schemas are JSON Schema; symbol-keyed TypeBox markers disappear in JSON. */
const jsonSchema = (schema: TSchema): unknown => JSON.parse(JSON.stringify(schema));

function accessText(route: GatewayRoute): string {
  const access = route.access;
  if (!access || access.kind === 'public') return 'Public.';
  const staff = access.roles === 'ANY' ? 'any staff role' : `staff roles ${access.roles.join(', ')}`;
  return `Allowed: ${staff}${access.customers ? ", and customer users for their own customer's data (another customer's ids answer 404)" : ''}.`;
}

/** Every path parameter with the schema its handler validates by; one the handler does not declare is a bug. */
function pathParameters(route: GatewayRoute): unknown[] {
  return [...route.path.matchAll(/:([A-Za-z]+)/g)].map(([, name]) => {
    const declared = route.pathParams.find((param) => param.name === name);
    if (!declared) throw new Error(`${route.operation}: path parameter ${name} has no declared schema (use PathParam or UuidParam)`);
    return { name, in: 'path', required: true, schema: jsonSchema(declared.schema) };
  });
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

/** The refusals a route can answer before or besides its own domain errors (which `default` covers). */
function refusals(route: GatewayRoute): Record<string, unknown> {
  const isPublic = route.access?.kind === 'public';
  const retryAfter = { headers: { 'Retry-After': { schema: { type: 'integer' } } } };
  return {
    ...(route.requestBody || route.query || route.pathParams.some((p) => p.refusalStatus === 400) ? { 400: problem('The request breaks its schema; `errors` names every violation') } : {}),
    ...(isPublic ? {} : { 401: problem('No valid access token'), 403: problem('The role may not use this route') }),
    ...(route.pathParams.length > 0 ? { 404: problem('No such resource, or one of another customer') } : {}),
    // Health probes are never rate-limited (http/rate-limits.ts).
    ...(route.tag === 'health' ? {} : { 429: { ...problem('Too many requests from this client address; retry after the time given'), ...retryAfter } }),
    503: { ...problem('A service behind the gateway is unavailable; retry after the time given'), ...retryAfter },
    // What is particular to the route says more than the common text.
    ...Object.fromEntries(
      Object.entries(route.refusals).map(([status, description]) => [status, { ...problem(description), ...(status === '429' || status === '503' ? retryAfter : {}) }]),
    ),
    default: problem('An error'),
  };
}

function successOf(route: GatewayRoute): Record<string, unknown> {
  if (route.status === 204) return { 204: { description: route.response?.description ?? 'Done; no content' } };
  const response = route.response ?? { description: 'OK' };
  return { [String(route.status)]: { description: response.description, ...(response.schema ? { content: { 'application/json': { schema: jsonSchema(response.schema) } } } : {}) } };
}

function operationOf(route: GatewayRoute): Record<string, unknown> {
  const isPublic = route.access?.kind === 'public';
  return {
    operationId: route.operation,
    tags: [route.tag],
    description: accessText(route),
    parameters: [
      ...pathParameters(route),
      ...queryParameters(route.query),
      ...(route.requestBody ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 }, description: 'A retry with the same key returns the first answer and changes nothing.' }] : []),
    ],
    ...(route.requestBody ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.requestBody) } } } } : {}),
    responses: { ...successOf(route), ...refusals(route) },
    ...(isPublic ? { security: [] } : {}),
    'x-vigil-access': route.access ?? null,
  };
}

function queryParameters(schema: TSchema | undefined): unknown[] {
  const properties = (schema?.['properties'] ?? {}) as Record<string, TSchema>;
  const required = new Set((schema?.['required'] as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'query', required: required.has(name), schema: jsonSchema(property) }));
}

/**
 * The OpenAPI 3.1 description of the gateway, generated from the same route
 * metadata the gateway routes, authorises and validates by, so it cannot
 * drift from what is served.
 */
export function buildOpenApiDocument(routes: GatewayRoute[], info: { version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    (paths[path] ??= {})[route.method.toLowerCase()] = operationOf(route);
  }
  // The gateway's GET /v1/alerts (staff list) and monitoring-ingest's POST /v1/alerts (generic intake) share a path.
  for (const [path, item] of Object.entries(alertIntakePaths())) paths[path] = { ...(paths[path] ?? {}), ...(item as Record<string, unknown>) };
  return {
    openapi: '3.1.0',
    info: { title: 'Vigil API', version: info.version, description: 'The REST API of Vigil for customer portals and staff consoles. Errors are RFC 9457 problem details.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'EdDSA JWT from POST /v1/auth/sign-in' },
        integrationKey: { type: 'http', scheme: 'bearer', description: 'An integration API key (POST /v1/integrations), for the alert intake' },
      },
      schemas: { Problem: PROBLEM },
    },
    paths,
  };
}
