import { createServer, type Server } from 'node:http';
import { freePort } from './free-port';

export interface ReceivedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** The span's attributes, values as strings. */
  attributes: Record<string, string>;
  /** The exporting process's resource attributes (service.name, service.version, …). */
  resource: Record<string, string>;
}

type OtlpAttribute = { key: string; value: { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number } };

interface OtlpJson {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{ spans?: Array<{ name: string; traceId: string; spanId: string; parentSpanId?: string; kind?: number; attributes?: OtlpAttribute[] }> }>;
  }>;
}

function flatten(attributes: OtlpAttribute[] | undefined): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const { key, value } of attributes ?? []) flat[key] = String(value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue ?? '');
  return flat;
}

/** An OTLP/HTTP (JSON) trace receiver: what every process exported, flattened to spans. */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  private server: Server | null = null;
  endpoint = '';

  async start(): Promise<this> {
    const port = await freePort();
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          if (req.url === '/v1/traces') this.collect(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpJson);
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } catch {
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${port}`;
    return this;
  }

  private collect(body: OtlpJson): void {
    for (const rs of body.resourceSpans ?? []) {
      const resource = flatten(rs.resource?.attributes);
      const service = resource['service.name'] ?? 'unknown';
      for (const scope of rs.scopeSpans ?? []) {
        for (const s of scope.spans ?? []) {
          this.spans.push({ service, name: s.name, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId ?? '', kind: s.kind ?? 0, attributes: flatten(s.attributes), resource });
        }
      }
    }
  }

  servicesInTrace(traceId: string): Set<string> {
    return new Set(this.spans.filter((s) => s.traceId === traceId).map((s) => s.service));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
