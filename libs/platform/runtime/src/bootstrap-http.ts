import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger, type DynamicModule, type Type } from '@nestjs/common';
import { loadConfig, platformConfig } from '@vigil/platform-config';
import { JsonNestLogger, rootLogger } from '@vigil/platform-observability';
import { ProblemDetailsFilter } from './problem-details';
import { instrumentHttp } from './http-telemetry';

export interface HttpBootstrapOptions {
  port: number;
  host: string;
  bodyLimitBytes?: number;
  /** Keep each request's exact body bytes as `request.rawBody` (e.g. to check a signature). */
  rawBody?: boolean;
  /** Told of every route the HTTP server actually registers (e.g. for a route index). */
  onRoute?: (route: { method: string; url: string }) => void;
  /** Proxies whose X-Forwarded-For names the client (`request.ip`); default: none. */
  trustProxy?: string[] | false;
  /** `METHOD /route-template`s whose successful answers are logged at debug only (see instrumentHttp). */
  highVolumeRoutes?: readonly string[];
  /** Last chance to add server hooks and plugins before the server listens. */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
}

/** Boots a service's Nest application on Fastify the same way in production and tests. */
export async function bootstrapHttpService(module: Type<unknown> | DynamicModule, options: HttpBootstrapOptions): Promise<NestFastifyApplication> {
  const logger = rootLogger(loadConfig(platformConfig).LOG_LEVEL);
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    // A caller's own x-request-id is kept when it looks like an id, so its logs and ours line up.
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
    },
  });
  instrumentHttp(adapter.getInstance(), logger, options.highVolumeRoutes);
  if (options.onRoute) {
    const onRoute = options.onRoute;
    adapter.getInstance().addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD') onRoute({ method, url: route.url });
    });
  }
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { logger: new JsonNestLogger(logger), bufferLogs: false, rawBody: options.rawBody ?? false });
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  await options.configure?.(app);
  await app.listen(options.port, options.host);
  new Logger('Bootstrap').log(`listening on http://${options.host}:${options.port}`);
  return app;
}
