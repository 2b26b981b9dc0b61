import { Type, type Static } from '@sinclair/typebox';
import type { WithCaller } from './rpc';
import { STAFF_ROLES, type StaffRole } from './identity.queries';

/**
 * Staff and customer-user administration (issue 13, "People"; decision 0022).
 * Secrets (one-time password, TOTP secret, reset token) appear only in the
 * answer that creates them and are never stored in clear.
 */

const Uuid = Type.String({ format: 'uuid' });
const Email = Type.String({ format: 'email', maxLength: 254 });
const DisplayName = Type.String({ minLength: 1, maxLength: 200 });
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const StaffRoleName = Type.Union(STAFF_ROLES.map((role) => Type.Literal(role)));
const StaffRoles = Type.Array(StaffRoleName, { minItems: 1, maxItems: STAFF_ROLES.length, uniqueItems: true });

/** Staff who administer customers' users (the people who run customer relationships and support). */
export const CUSTOMER_USER_ADMIN_ROLES = ['HEAD_OF_MANAGED_SERVICES', 'CLOUD_OFFERINGS_MANAGER', 'SUPPORT_TEAM_LEAD', 'CTO', 'CEO'] as const satisfies readonly StaffRole[];

// --- staff ---

export const StaffInvitation = Type.Object(
  { email: Email, displayName: DisplayName, roles: StaffRoles },
  { additionalProperties: false, examples: [{ email: 'grace@vigil.example', displayName: 'Grace Hopper', roles: ['SUPPORT_ENGINEER'] }] },
);
export type StaffInvitation = Static<typeof StaffInvitation>;
export type InviteStaffRequest = WithCaller<StaffInvitation>;

export const StaffEnrolment = Type.Object(
  {
    staffId: Uuid,
    email: Email,
    roles: StaffRoles,
    /** Shown once. Valid until `expiresAt` and only for the first sign-in, which must change it (ACC-3). */
    oneTimePassword: Type.String(),
    /** The TOTP secret (base32) and the same as an otpauth:// URI for an authenticator app, shown once; the first sign-in proves it (ACC-4). */
    totpSecret: Type.String(),
    otpauthUri: Type.String(),
    expiresAt: Timestamp,
  },
  { additionalProperties: false },
);
export type StaffEnrolment = Static<typeof StaffEnrolment>;

export const StaffMember = Type.Object(
  {
    staffId: Uuid,
    email: Email,
    displayName: Type.String(),
    roles: Type.Array(StaffRoleName),
    active: Type.Boolean(),
    /** Invited and not signed in yet: until when the one-time password works. */
    invitationExpiresAt: NullableTimestamp,
    lastSignInAt: NullableTimestamp,
    createdAt: Timestamp,
  },
  { additionalProperties: false },
);
export type StaffMember = Static<typeof StaffMember>;

export const ListStaffRequest = Type.Object({}, { additionalProperties: false });
export const StaffList = Type.Object({ staff: Type.Array(StaffMember) }, { additionalProperties: false });
export type StaffList = Static<typeof StaffList>;

export const StaffRolesChange = Type.Object({ roles: StaffRoles }, { additionalProperties: false, examples: [{ roles: ['SUPPORT_ENGINEER', 'SUPPORT_TEAM_LEAD'] }] });
export const ChangeStaffRolesRequest = Type.Object({ staffId: Uuid, roles: StaffRoles }, { additionalProperties: false });
export type ChangeStaffRolesRequest = WithCaller<Static<typeof ChangeStaffRolesRequest>>;

export const StaffRolesChanged = Type.Object(
  {
    staffId: Uuid,
    roles: Type.Array(StaffRoleName),
    /** A removed role ends every session of the account at once; added roles arrive with the next refresh or sign-in. */
    sessionsEnded: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type StaffRolesChanged = Static<typeof StaffRolesChanged>;

// --- customer users ---

export const CustomerUserInvitation = Type.Object(
  {
    email: Email,
    displayName: DisplayName,
    /** A customer admin administers its own customer's users. */
    admin: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, examples: [{ email: 'jane@customer.example', displayName: 'Jane Doe', admin: false }] },
);
export type CustomerUserInvitation = Static<typeof CustomerUserInvitation>;
export const InviteCustomerUserRequest = Type.Object({ customerId: Uuid, ...CustomerUserInvitation.properties }, { additionalProperties: false });
export type InviteCustomerUserRequest = WithCaller<Static<typeof InviteCustomerUserRequest>>;

/** A set-password token, shown once: redeemed at POST /v1/auth/customer/password-reset, once, before `expiresAt`. */
export const CustomerUserPasswordReset = Type.Object(
  { userId: Uuid, customerId: Uuid, passwordResetToken: Type.String(), expiresAt: Timestamp, sessionsEnded: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type CustomerUserPasswordReset = Static<typeof CustomerUserPasswordReset>;

export const CustomerUserInvited = Type.Object(
  { ...CustomerUserPasswordReset.properties, email: Email, admin: Type.Boolean() },
  { additionalProperties: false },
);
export type CustomerUserInvited = Static<typeof CustomerUserInvited>;

export const CustomerUser = Type.Object(
  {
    userId: Uuid,
    customerId: Uuid,
    email: Email,
    displayName: Type.String(),
    admin: Type.Boolean(),
    active: Type.Boolean(),
    lastSignInAt: NullableTimestamp,
    createdAt: Timestamp,
  },
  { additionalProperties: false },
);
export type CustomerUser = Static<typeof CustomerUser>;

export const ListCustomerUsersRequest = Type.Object({ customerId: Uuid }, { additionalProperties: false });
export type ListCustomerUsersRequest = WithCaller<Static<typeof ListCustomerUsersRequest>>;
export const CustomerUserList = Type.Object({ users: Type.Array(CustomerUser) }, { additionalProperties: false });
export type CustomerUserList = Static<typeof CustomerUserList>;

export const CustomerUserRequest = Type.Object({ customerId: Uuid, userId: Uuid }, { additionalProperties: false });
export type CustomerUserRequest = WithCaller<Static<typeof CustomerUserRequest>>;

export const CustomerUserStatus = Type.Object(
  { userId: Uuid, customerId: Uuid, active: Type.Boolean(), deactivatedAt: NullableTimestamp, sessionsEnded: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type CustomerUserStatus = Static<typeof CustomerUserStatus>;

export const CustomerPasswordResetRedemption = Type.Object(
  { resetToken: Type.String({ minLength: 20, maxLength: 200 }), newPassword: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false, examples: [{ resetToken: 'the passwordResetToken of the invitation or reset', newPassword: 'Correct-horse-battery-9' }] },
);
export type CustomerPasswordResetRedemption = WithCaller<Static<typeof CustomerPasswordResetRedemption>>;
