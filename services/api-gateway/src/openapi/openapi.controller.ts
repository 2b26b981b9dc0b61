import { Controller, Get } from '@nestjs/common';
import { Public } from '@vigil/platform-auth';
import { ProblemException } from '@vigil/platform-runtime';
import { RouteIndex } from '../route-index';
import { buildOpenApiDocument } from './openapi-document';

/** The OpenAPI document of every route the gateway serves. */
@Controller('v1/openapi.json')
export class OpenApiController {
  private document: Record<string, unknown> | null = null;

  constructor(private readonly index: RouteIndex) {}

  @Get()
  @Public()
  get(): Record<string, unknown> {
    const routes = this.index.documented();
    if (!routes) throw new ProblemException(503, 'https://vigil.dev/problems/starting', 'starting', 'the route index is being built');
    this.document ??= buildOpenApiDocument(routes, { version: '1' });
    return this.document;
  }
}
