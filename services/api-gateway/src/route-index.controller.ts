import { Controller, Get } from '@nestjs/common';
import { Public } from '@vigil/platform-auth';
import { ProblemException } from '@vigil/platform-runtime';
import { Type } from '@sinclair/typebox';
import { ApiResponse } from './http/api-docs.decorators';
import { RouteIndex, type IndexedRoute } from './route-index';

const RouteList = Type.Object({
  routes: Type.Array(
    Type.Object({
      method: Type.String(),
      path: Type.String(),
      access: Type.Union([Type.Object({ kind: Type.String() }, { additionalProperties: true }), Type.Null()]),
      requestExample: Type.Optional(Type.Unknown()),
    }),
  ),
});

/** Every route of the gateway with who may call it. */
@Controller('v1/routes')
export class RouteIndexController {
  constructor(private readonly index: RouteIndex) {}

  @Get()
  @Public()
  @ApiResponse('Every route with who may call it, and a valid example body where it takes one', RouteList)
  list(): { routes: IndexedRoute[] } {
    const routes = this.index.list();
    if (!routes) throw new ProblemException(503, 'https://vigil.dev/problems/starting', 'starting', 'the route index is being built');
    return { routes };
  }
}
