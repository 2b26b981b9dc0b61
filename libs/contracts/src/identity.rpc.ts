import { defineCommand, defineQuery, responseOf, RpcErrorCode } from './rpc';
import {
  ChangePasswordRequest,
  CustomerSignInCommand,
  GetAccessReviewRequest,
  ListAccessReviewsRequest,
  PublicKeyRequest,
  RefreshRequest,
  SignInCommand,
  SignOutRequest,
  StaffAccountRequest,
  type StaffAccountStatus,
  type JsonWebKeySet,
  type SessionTokens,
} from './identity.queries';
import {
  ChangeStaffRolesRequest,
  CustomerPasswordResetRedemption,
  CustomerUserRequest,
  InviteCustomerUserRequest,
  ListCustomerUsersRequest,
  ListStaffRequest,
  StaffInvitation,
  type CustomerUserInvited,
  type CustomerUserList,
  type CustomerUserPasswordReset,
  type CustomerUserStatus,
  type StaffEnrolment,
  type StaffList,
  type StaffRolesChanged,
} from './identity.administration';
import { IssueIntegrationKeyRequest, ListIntegrationKeysRequest, RevokeIntegrationKeyRequest } from './identity.events';

/** What identity answers with when a request cannot be done. */
export const IdentityError = {
  NotFound: RpcErrorCode.NotFound,
  /** Wrong credentials or an ended session; never says which. */
  Unauthenticated: RpcErrorCode.Unauthenticated,
  /** Too many failed sign-ins (ACC-3). */
  RateLimited: RpcErrorCode.RateLimited,
  InvalidRequest: RpcErrorCode.InvalidRequest,
  /** The caller may not do this (e.g. deactivate their own account). */
  Forbidden: RpcErrorCode.Forbidden,
  /** The email belongs to another account already. */
  Conflict: RpcErrorCode.Conflict,
} as const;
export type IdentityError = (typeof IdentityError)[keyof typeof IdentityError];

const E = IdentityError;
/** Before sign-in there is no user: the gateway asks as itself. */
const gatewayOnly = ['system'] as const;
const staffOnly = ['staff'] as const;
/** Staff, and customer admins for their own customer (identity checks which). */
const staffOrCustomer = ['staff', 'customer'] as const;

export interface AccessReviewListing {
  reviews: Array<{ period: string; generatedAt: string; accounts: number; flagged: number }>;
}

/** Request/reply operations of the identity service. */
export const IdentityQueries = {
  signIn: defineCommand({ subject: 'rpc.identity.sessions.sign-in', request: SignInCommand, response: responseOf<SessionTokens>(), errors: [E.Unauthenticated], callers: gatewayOnly }),
  customerSignIn: defineCommand({ subject: 'rpc.identity.sessions.customer-sign-in', request: CustomerSignInCommand, response: responseOf<SessionTokens>(), errors: [E.Unauthenticated], callers: gatewayOnly }),
  refresh: defineCommand({ subject: 'rpc.identity.sessions.refresh', request: RefreshRequest, response: responseOf<SessionTokens>(), errors: [E.Unauthenticated], callers: gatewayOnly }),
  signOut: defineCommand({ subject: 'rpc.identity.sessions.sign-out', request: SignOutRequest, response: responseOf<Record<string, never>>(), callers: ['staff', 'customer'] }),
  /** The JWKS the gateway verifies access tokens with (and refreshes, so keys can rotate). */
  publicKeys: defineQuery({ subject: 'rpc.identity.keys.public', request: PublicKeyRequest, response: responseOf<JsonWebKeySet>(), callers: gatewayOnly }),
  changePassword: defineCommand({ subject: 'rpc.identity.staff.change-password', request: ChangePasswordRequest, response: responseOf<{ passwordChangedAt: string }>(), errors: [E.Unauthenticated, E.InvalidRequest], callers: staffOnly }),
  listAccessReviews: defineQuery({ subject: 'rpc.identity.access-reviews.list', request: ListAccessReviewsRequest, response: responseOf<AccessReviewListing>(), callers: staffOnly }),
  getAccessReview: defineQuery({ subject: 'rpc.identity.access-reviews.get', request: GetAccessReviewRequest, response: responseOf<Record<string, unknown>>(), errors: [E.NotFound], callers: staffOnly }),
  issueIntegrationKey: defineCommand({ subject: 'rpc.identity.integration-keys.issue', request: IssueIntegrationKeyRequest, response: responseOf<{ integrationId: string; apiKey: string }>(), callers: staffOnly }),
  listIntegrationKeys: defineQuery({ subject: 'rpc.identity.integration-keys.list', request: ListIntegrationKeysRequest, response: responseOf<{ integrations: unknown[] }>(), callers: staffOnly }),
  /** Ends every session of the account at once and refuses its sign-ins; only account admins, never on themselves. */
  deactivateStaff: defineCommand({ subject: 'rpc.identity.staff.deactivate', request: StaffAccountRequest, response: responseOf<StaffAccountStatus>(), errors: [E.NotFound, E.Forbidden], callers: staffOnly }),
  reactivateStaff: defineCommand({ subject: 'rpc.identity.staff.reactivate', request: StaffAccountRequest, response: responseOf<StaffAccountStatus>(), errors: [E.NotFound, E.Forbidden], callers: staffOnly }),
  revokeIntegrationKey: defineCommand({ subject: 'rpc.identity.integration-keys.revoke', request: RevokeIntegrationKeyRequest, response: responseOf<{ revokedAt: string }>(), errors: [E.NotFound], callers: staffOnly }),
  /** Issue 13: a new staff account with a one-time password and a TOTP secret, both shown once. */
  inviteStaff: defineCommand({ subject: 'rpc.identity.staff.invite', request: StaffInvitation, response: responseOf<StaffEnrolment>(), errors: [E.Conflict, E.Forbidden], callers: staffOnly }),
  listStaff: defineQuery({ subject: 'rpc.identity.staff.list', request: ListStaffRequest, response: responseOf<StaffList>(), callers: staffOnly }),
  /** Never on one's own account; a removed role ends the account's sessions at once. */
  changeStaffRoles: defineCommand({ subject: 'rpc.identity.staff.change-roles', request: ChangeStaffRolesRequest, response: responseOf<StaffRolesChanged>(), errors: [E.NotFound, E.Forbidden], callers: staffOnly }),
  inviteCustomerUser: defineCommand({ subject: 'rpc.identity.customer-users.invite', request: InviteCustomerUserRequest, response: responseOf<CustomerUserInvited>(), errors: [E.NotFound, E.Forbidden, E.Conflict], callers: staffOrCustomer }),
  listCustomerUsers: defineQuery({ subject: 'rpc.identity.customer-users.list', request: ListCustomerUsersRequest, response: responseOf<CustomerUserList>(), errors: [E.NotFound, E.Forbidden], callers: staffOrCustomer }),
  deactivateCustomerUser: defineCommand({ subject: 'rpc.identity.customer-users.deactivate', request: CustomerUserRequest, response: responseOf<CustomerUserStatus>(), errors: [E.NotFound, E.Forbidden], callers: staffOrCustomer }),
  resetCustomerUserPassword: defineCommand({ subject: 'rpc.identity.customer-users.reset-password', request: CustomerUserRequest, response: responseOf<CustomerUserPasswordReset>(), errors: [E.NotFound, E.Forbidden], callers: staffOrCustomer }),
  /** Before sign-in: the token of an invitation or reset sets the password, once. */
  redeemCustomerPasswordReset: defineCommand({ subject: 'rpc.identity.customer-users.redeem-password-reset', request: CustomerPasswordResetRedemption, response: responseOf<{ passwordChangedAt: string }>(), errors: [E.Unauthenticated, E.InvalidRequest], callers: gatewayOnly }),
} as const;
