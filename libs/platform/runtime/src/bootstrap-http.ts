import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger, type Type } from '@nestjs/common';
import { ProblemDetailsFilter } from './problem-details';

export interface HttpBootstrapOptions {
  port: number;
  host: string;
  bodyLimitBytes?: number;
}

/** Boots a service's Nest application on Fastify the same way in production and tests. */
export async function bootstrapHttpService(module: Type<unknown>, options: HttpBootstrapOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({ bodyLimit: options.bodyLimitBytes ?? 1024 * 1024 }),
    { bufferLogs: false },
  );
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  await app.listen(options.port, options.host);
  new Logger('Bootstrap').log(`listening on http://${options.host}:${options.port}`);
  return app;
}
