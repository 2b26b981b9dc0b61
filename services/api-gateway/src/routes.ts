import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { TSchema } from '@sinclair/typebox';
import { ACCESS_METADATA, type AccessRule } from '@vigil/platform-auth';
import { QUERY_SCHEMA_METADATA, RESPONSE_METADATA, type DocumentedResponse } from './http/api-docs.decorators';
import { REQUEST_BODY_METADATA } from './http/valid-body.decorator';

export interface GatewayRoute {
  method: string;
  path: string;
  access: AccessRule | undefined;
  /** The body schema of routes that take one (see ValidBody). */
  requestBody?: TSchema;
  query?: TSchema;
  response?: DocumentedResponse;
  /** The handler's name, e.g. `TicketsController.create`. */
  operation: string;
  /** The handler's doc comment is not available at runtime; the controller's path names the tag. */
  tag: string;
}

/**
 * Every HTTP route a Nest module tree serves, with its access declaration,
 * read from the same decorator metadata Nest routes by. The gateway's
 * deny-by-default test and the generated security test walk this list.
 */
export function routesOf(root: Type<unknown>): GatewayRoute[] {
  const routes: GatewayRoute[] = [];
  const seen = new Set<unknown>();
  const visit = (entry: unknown): void => {
    if (!entry || seen.has(entry)) return;
    seen.add(entry);
    const dynamic = entry as { module?: Type<unknown>; controllers?: Type<unknown>[]; imports?: unknown[] };
    const moduleClass = (dynamic.module ?? entry) as Type<unknown>;
    const controllers = [...(Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, moduleClass) ?? []), ...(dynamic.controllers ?? [])] as Type<unknown>[];
    const imports = [...(Reflect.getMetadata(MODULE_METADATA.IMPORTS, moduleClass) ?? []), ...(dynamic.imports ?? [])] as unknown[];
    for (const controller of controllers) routes.push(...routesOfController(controller));
    imports.forEach(visit);
  };
  visit(root);
  return routes;
}

function routesOfController(controller: Type<unknown>): GatewayRoute[] {
  const base = normalise(Reflect.getMetadata(PATH_METADATA, controller));
  const classAccess = Reflect.getMetadata(ACCESS_METADATA, controller) as AccessRule | undefined;
  const prototype = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype)
    .filter((name) => typeof prototype[name] === 'function' && Reflect.hasMetadata(METHOD_METADATA, prototype[name] as object))
    .map((name) => {
      const handler = prototype[name] as object;
      return {
        method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod],
        path: `/${[base, normalise(Reflect.getMetadata(PATH_METADATA, handler))].filter(Boolean).join('/')}`,
        access: (Reflect.getMetadata(ACCESS_METADATA, handler) as AccessRule | undefined) ?? classAccess,
        requestBody: Reflect.getMetadata(REQUEST_BODY_METADATA, handler) as TSchema | undefined,
        query: Reflect.getMetadata(QUERY_SCHEMA_METADATA, handler) as TSchema | undefined,
        response: Reflect.getMetadata(RESPONSE_METADATA, handler) as DocumentedResponse | undefined,
        operation: `${controller.name}.${name}`,
        tag: base.replace(/^v1\//, '').split('/')[0] || 'health',
      };
    });
}

const normalise = (path: unknown): string => (typeof path === 'string' ? path.replace(/^\/+|\/+$/g, '') : '');
