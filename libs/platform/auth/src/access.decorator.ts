import { SetMetadata } from '@nestjs/common';
import type { StaffRole } from '@vigil/contracts';

/**
 * Every HTTP route declares who may call it; the gateway's AccessGuard denies
 * any route that does not (deny by default).
 */
export type AccessRule =
  | { kind: 'public' }
  | {
      kind: 'staff';
      roles: readonly StaffRole[] | 'ANY';
      /** Customer users too, limited to their own customer's data (ACC-6). */
      customers?: boolean;
      /** Reachable while the password must be changed (ACC-3). */
      allowWithExpiredPassword?: boolean;
    };

export const ACCESS_METADATA = 'vigil:access';

/** Anyone, signed in or not (sign-in itself). */
export const Public = () => SetMetadata(ACCESS_METADATA, { kind: 'public' } satisfies AccessRule);

/** Signed-in staff with one of the roles, or any staff role with 'ANY'. */
export const StaffOnly = (roles: readonly StaffRole[] | 'ANY', options: { allowWithExpiredPassword?: boolean } = {}) =>
  SetMetadata(ACCESS_METADATA, { kind: 'staff', roles, ...options } satisfies AccessRule);

/** Staff with one of the roles, and customer users for their own customer's data only (ACC-6). */
export const StaffOrOwnCustomer = (roles: readonly StaffRole[] | 'ANY', options: { allowWithExpiredPassword?: boolean } = {}) =>
  SetMetadata(ACCESS_METADATA, { kind: 'staff', roles, customers: true, ...options } satisfies AccessRule);
