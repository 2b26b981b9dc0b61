import { RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { TSchema } from '@sinclair/typebox';
import { ACCESS_METADATA, type AccessRule } from '@vigil/platform-auth';
import { QUERY_SCHEMA_METADATA, REFUSALS_METADATA, RESPONSE_METADATA, type DocumentedResponse } from './http/api-docs.decorators';
import { REQUEST_BODY_METADATA } from './http/valid-body.decorator';
import { PATH_PARAMS_METADATA, type DeclaredPathParam } from './http/path-param.decorator';

export interface GatewayRoute {
  method: string;
  path: string;
  access: AccessRule | undefined;
  /** The body schema of routes that take one (see ValidBody). */
  requestBody?: TSchema;
  query?: TSchema;
  /** The path parameters the handler validates, with their schemas (see PathParam). */
  pathParams: DeclaredPathParam[];
  /** The status Nest answers a success with: @HttpCode, else 201 for POST and 200 otherwise. */
  status: number;
  response?: DocumentedResponse;
  /** Refusals particular to the route, by status (see ApiRefusals). */
  refusals: Record<number, string>;
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
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      return {
        method,
        path: `/${[base, normalise(Reflect.getMetadata(PATH_METADATA, handler))].filter(Boolean).join('/')}`,
        access: (Reflect.getMetadata(ACCESS_METADATA, handler) as AccessRule | undefined) ?? classAccess,
        requestBody: Reflect.getMetadata(REQUEST_BODY_METADATA, handler) as TSchema | undefined,
        query: Reflect.getMetadata(QUERY_SCHEMA_METADATA, handler) as TSchema | undefined,
        pathParams: (Reflect.getMetadata(PATH_PARAMS_METADATA, handler) as DeclaredPathParam[] | undefined) ?? [],
        status: (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === 'POST' ? 201 : 200),
        response: Reflect.getMetadata(RESPONSE_METADATA, handler) as DocumentedResponse | undefined,
        refusals: (Reflect.getMetadata(REFUSALS_METADATA, handler) as Record<number, string> | undefined) ?? {},
        operation: `${controller.name}.${name}`,
        tag: base.replace(/^v1\//, '').split('/')[0] || 'health',
      };
    });
}

const normalise = (path: unknown): string => (typeof path === 'string' ? path.replace(/^\/+|\/+$/g, '') : '');
