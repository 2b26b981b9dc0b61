import { Injectable } from '@nestjs/common';
import type { AccessRule } from '@vigil/platform-auth';
import type { GatewayRoute } from './routes';

export interface IndexedRoute {
  method: string;
  path: string;
  access: AccessRule | null;
  /** A valid body for routes that take one, from the schema's examples. */
  requestExample?: unknown;
}

/**
 * The routes the HTTP server really registered, each with its access
 * declaration: served as the API index, and what the generated security test
 * walks, so a route cannot escape it.
 */
@Injectable()
export class RouteIndex {
  private routes: IndexedRoute[] | null = null;
  private declaredServed: GatewayRoute[] | null = null;
  private readonly served: Array<{ method: string; url: string }> = [];

  /** Called by the HTTP server for each route it registers. */
  recordServed(route: { method: string; url: string }): void {
    this.served.push(route);
  }

  /** Joins the served routes with their declarations once the server is up. */
  publish(declared: GatewayRoute[]): void {
    this.declaredServed = declared.filter((d) => this.served.some((s) => s.method === d.method && s.url === d.path));
    this.routes = this.served.map(({ method, url }) => {
      const route = declared.find((d) => d.method === method && d.path === url);
      const example = (route?.requestBody?.['examples'] as unknown[] | undefined)?.[0];
      return { method, path: url, access: route?.access ?? null, ...(example !== undefined ? { requestExample: example } : {}) };
    });
  }

  list(): IndexedRoute[] | null {
    return this.routes;
  }

  /** The served routes with everything declared about them, for the OpenAPI document. */
  documented(): GatewayRoute[] | null {
    return this.declaredServed;
  }
}
