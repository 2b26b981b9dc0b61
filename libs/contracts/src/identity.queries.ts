import { Type, type Static } from '@sinclair/typebox';

export const IdentityQueries = {
  authenticateStaff: 'rpc.identity.staff.authenticate',
} as const;

export const AuthenticateStaffRequest = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    // Bounded so a huge body cannot make hashing expensive; ACC-3 needs at least 64.
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type AuthenticateStaffRequest = Static<typeof AuthenticateStaffRequest>;

export const StaffPrincipal = Type.Object({
  staffId: Type.String({ format: 'uuid' }),
  email: Type.String(),
  roles: Type.Array(Type.String()),
});
export type StaffPrincipal = Static<typeof StaffPrincipal>;
