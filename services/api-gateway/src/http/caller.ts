import { systemCaller, type Caller } from '@vigil/contracts';
import type { AuthenticatedRequest } from '../auth/access.guard';

/** The authenticated principal as domain services receive it; they re-check the tenant themselves (ACC-6). */
export function callerOf(http: AuthenticatedRequest): Caller {
  const { principal } = http;
  const email = principal.email ? { email: principal.email } : {};
  if (principal.kind === 'customer') {
    if (!principal.customerId) throw new Error('a customer token without a customer passed the guard');
    return { kind: 'customer', id: principal.sub, customerId: principal.customerId, ...email };
  }
  return { kind: 'staff', id: principal.sub, ...email };
}

/** Requests made before anyone signed in (sign-in, refresh, the verification key): the gateway asks as itself. */
export const GATEWAY_CALLER: Caller = systemCaller('api-gateway');
