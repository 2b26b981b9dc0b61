import type { TSchema } from '@sinclair/typebox';
import { violations } from '@vigil/contracts';
import { AppModule } from '../app.module';
import { routesOf } from '../routes';
import { buildOpenApiDocument } from './openapi-document';

describe('OpenAPI document', () => {
  const routes = routesOf(AppModule);
  const document = buildOpenApiDocument(routes, { version: 'test' }) as { paths: Record<string, Record<string, Record<string, unknown>>> };

  const INTAKE = ['POST /v1/alerts', 'POST /v1/alerts/alertmanager', 'POST /v2/enqueue'];

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
    expect(create['responses']).toHaveProperty('201.content.application/json.schema.properties.sla');
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
