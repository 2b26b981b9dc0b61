import type { TSchema } from '@sinclair/typebox';
import { validate } from '@readme/openapi-parser';
import { violations } from '@vigil/contracts';
import { AppModule } from '../app.module';
import { routesOf } from '../routes';
import { buildOpenApiDocument } from './openapi-document';

describe('OpenAPI document', () => {
  const routes = routesOf(AppModule);
  const document = buildOpenApiDocument(routes, { version: 'test' }) as { paths: Record<string, Record<string, Record<string, unknown>>> };

  const INTAKE = ['POST /v1/alerts', 'POST /v1/alerts/alertmanager', 'POST /v2/enqueue'];
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, method, path, operation })));

  it('is a valid OpenAPI 3.1 document by a maintained validator (@readme/openapi-parser)', async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    // The validator does refuse a broken document, so the check above can fail.
    const broken = structuredClone(document) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    (broken.paths['/v1/tickets/{ticketId}']!['get']!['parameters'] as Array<{ in: string }>)[0]!.in = 'body';
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it('documents the success status Nest really answers with (@HttpCode, else 201 for POST, 200 otherwise)', () => {
    for (const route of routes) {
      const operation = document.paths[route.path.replace(/:([A-Za-z]+)/g, '{$1}')]![route.method.toLowerCase()]!;
      const successes = Object.keys(operation['responses'] as object).filter((status) => /^2/.test(status));
      expect({ route: route.operation, successes }).toEqual({ route: route.operation, successes: [String(route.status)] });
    }
    expect(Object.keys(document.paths['/v1/auth/sign-in']!['post']!['responses'] as object)).toContain('200');
    expect(Object.keys(document.paths['/v1/auth/sign-out']!['post']!['responses'] as object)).toContain('204');
    expect(Object.keys(document.paths['/v1/tickets']!['post']!['responses'] as object)).toContain('201');
  });

  it('gives every POST and PUT that takes a body its request schema, sign-in, refresh, password and integrations included', () => {
    // Actions whose path says it all: no body to describe.
    const bodyless = new Set(['POST /v1/auth/sign-out', 'POST /v1/integrations/{integrationId}/signing-secret', 'POST /v1/staff/{staffId}/deactivation', 'POST /v1/staff/{staffId}/reactivation', 'POST /v1/customers/{customerId}/environments/{environmentId}/retirement', 'POST /v1/customers/{customerId}/users/{userId}/deactivation', 'POST /v1/customers/{customerId}/users/{userId}/password-reset']);
    for (const { name, method, operation } of operations()) {
      if ((method === 'post' || method === 'put') && !bodyless.has(name)) expect({ name, body: operation['requestBody'] !== undefined }).toEqual({ name, body: true });
    }
    for (const path of ['/v1/auth/sign-in', '/v1/auth/customer/sign-in', '/v1/auth/refresh', '/v1/auth/password', '/v1/integrations']) {
      expect(document.paths[path]!['post']!['requestBody']).toMatchObject({ required: true, content: { 'application/json': { schema: { type: 'object' } } } });
    }
  });

  it('types every path parameter as its handler validates it: uuid for ids, not for {service} or {period}', () => {
    const parameter = (path: string, name: string) =>
      (document.paths[path]!['get']!['parameters'] as Array<{ name: string; in: string; schema: Record<string, unknown> }>).find((p) => p.in === 'path' && p.name === name)!.schema;
    expect(parameter('/v1/tickets/{ticketId}', 'ticketId')).toMatchObject({ format: 'uuid' });
    expect(parameter('/v1/audit/{service}', 'service')).not.toHaveProperty('format');
    expect(parameter('/v1/audit/{service}', 'service')['anyOf']).toEqual(expect.arrayContaining([{ const: 'identity', type: 'string' }]));
    expect(parameter('/v1/access-reviews/{period}', 'period')).toMatchObject({ pattern: expect.stringContaining('[0-9]{4}') });
    expect(() => buildOpenApiDocument([{ ...routes[0]!, path: '/v1/things/:thingId', pathParams: [] }], { version: 'test' })).toThrow(/thingId has no declared schema/);
  });

  it('documents a response schema for every answer with a body, and the query parameters of the audit log and availability', () => {
    for (const { name, operation } of operations().filter((o) => !INTAKE.includes(o.name))) {
      const [status, response] = Object.entries(operation['responses'] as Record<string, { content?: unknown }>).find(([code]) => /^2/.test(code))!;
      if (status !== '204' && name !== 'GET /v1/openapi.json' && !name.startsWith('GET /health')) expect({ name, schema: response.content !== undefined }).toEqual({ name, schema: true });
    }
    const names = (path: string) => (document.paths[path]!['get']!['parameters'] as Array<{ name: string; in: string }>).filter((p) => p.in === 'query').map((p) => p.name);
    expect(names('/v1/audit/{service}')).toEqual(expect.arrayContaining(['actor', 'action', 'since', 'until', 'limit']));
    expect(names('/v1/environments/{environmentId}/availability')).toEqual(['month']);
  });

  it('describes every route the gateway declares, once, and the alert intake of monitoring-ingest', () => {
    const described = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(described.sort()).toEqual([...routes.map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`), ...INTAKE].sort());
  });

  it('documents the generic alert format (MON-1) with an example its schema accepts, served by monitoring-ingest', () => {
    const generic = document.paths['/v1/alerts']!['post']! as { servers: Array<{ url: string }>; requestBody: { content: Record<string, { schema: TSchema }> } };
    const schema = generic.requestBody.content['application/json']!.schema;
    expect(generic.servers[0]!.url).toContain('{ingest}');
    expect(schema['examples']).toHaveLength(1);
    expect(violations(schema, (schema['examples'] as unknown[])[0])).toEqual([]);
    expect(document.paths['/v2/enqueue']!['post']!['responses']).toHaveProperty('429.headers.Retry-After');
  });

  it('gives every ticket route its request and response schema, and public routes no security', () => {
    const create = document.paths['/v1/tickets']!['post']!;
    expect(create['requestBody']).toMatchObject({ content: { 'application/json': { schema: { required: ['severity', 'title', 'description'] } } } });
    expect(create['responses']).toHaveProperty(['201', 'content', 'application/json', 'schema', 'properties', 'sla']);
    const list = document.paths['/v1/tickets']!['get']!;
    expect((list['parameters'] as Array<{ name: string }>).map((p) => p.name)).toEqual(expect.arrayContaining(['status', 'severity', 'text', 'cursor', 'breached', 'assigneeId']));
    expect(document.paths['/v1/tickets/{ticketId}/transitions']!['post']!['parameters']).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'ticketId', in: 'path' }), expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
    );
    expect(document.paths['/v1/openapi.json']!['get']!['security']).toEqual([]);
  });

  it('offers examples that its own schemas accept', () => {
    for (const route of routes.filter((r) => r.requestBody)) {
      const examples = (route.requestBody!['examples'] as unknown[] | undefined) ?? [];
      expect({ route: route.path, examples: examples.length > 0 }).toEqual({ route: route.path, examples: true });
      for (const example of examples) expect({ route: route.path, problems: violations(route.requestBody as TSchema, example) }).toEqual({ route: route.path, problems: [] });
    }
  });
});
