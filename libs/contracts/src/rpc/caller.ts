import { Type, type Static } from '@sinclair/typebox';

const Uuid = Type.String({ format: 'uuid' });
const Email = Type.Optional(Type.String({ maxLength: 254 }));

/**
 * Who asks. Staff and customer users as the gateway authenticated them; a
 * customer caller is bound to its customer and every service scopes by it
 * again (ACC-6). `system` is a Vigil process acting for nobody signed in
 * (e.g. the gateway forwarding a sign-in), named by its service.
 */
export const Caller = Type.Union([
  Type.Object({ kind: Type.Literal('staff'), id: Uuid, email: Email }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('customer'), id: Uuid, customerId: Uuid, email: Email }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('system'), id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
]);
export type Caller = Static<typeof Caller>;
export type CallerKind = Caller['kind'];
export type StaffCaller = Extract<Caller, { kind: 'staff' }>;
export type CustomerCaller = Extract<Caller, { kind: 'customer' }>;

/** The customer a caller is confined to (ACC-6); undefined for staff and system callers, who see every tenant. */
export function tenantOf(caller: Caller): string | undefined {
  return caller.kind === 'customer' ? caller.customerId : undefined;
}

/** How a caller appears in audit logs and history: `staff:<id>`, `customer:<id>`, `system:<service>`. */
export const actorOf = (caller: Caller): string => `${caller.kind}:${caller.id}`;

/** A system caller for a Vigil process. */
export const systemCaller = (service: string): Caller => ({ kind: 'system', id: service });
