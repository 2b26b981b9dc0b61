import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { TSchema } from '@sinclair/typebox';
import { ACCESS_METADATA, type AccessRule } from '@vigil/platform-auth';
import { REQUEST_BODY_METADATA } from './http/valid-body.decorator';

export interface GatewayRoute {
  method: string;
  path: string;
  access: AccessRule | undefined;
  /** The body schema of routes that take one (see ValidBody). */
  requestBody?: TSchema;
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
    .map((name) => prototype[name])
    .filter((handler): handler is object => typeof handler === 'function' && Reflect.hasMetadata(METHOD_METADATA, handler))
    .map((handler) => ({
      method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod],
      path: `/${[base, normalise(Reflect.getMetadata(PATH_METADATA, handler))].filter(Boolean).join('/')}`,
      access: (Reflect.getMetadata(ACCESS_METADATA, handler) as AccessRule | undefined) ?? classAccess,
      requestBody: Reflect.getMetadata(REQUEST_BODY_METADATA, handler) as TSchema | undefined,
    }));
}

const normalise = (path: unknown): string => (typeof path === 'string' ? path.replace(/^\/+|\/+$/g, '') : '');
