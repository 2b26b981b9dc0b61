import { Controller, Get } from '@nestjs/common';
import { Public } from '@vigil/platform-auth';
import { ProblemException } from '@vigil/platform-runtime';
import { RouteIndex, type IndexedRoute } from './route-index';

/** Every route of the gateway with who may call it. */
@Controller('v1/routes')
export class RouteIndexController {
  constructor(private readonly index: RouteIndex) {}

  @Get()
  @Public()
  list(): { routes: IndexedRoute[] } {
    const routes = this.index.list();
    if (!routes) throw new ProblemException(503, 'https://vigil.dev/problems/starting', 'starting', 'the route index is being built');
    return { routes };
  }
}
