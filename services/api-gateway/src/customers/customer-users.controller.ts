import { Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  CUSTOMER_USER_ADMIN_ROLES,
  CustomerUserInvitation,
  CustomerUserInvited,
  CustomerUserList,
  CustomerUserPasswordReset,
  CustomerUserStatus,
  IdentityQueries,
} from '@vigil/contracts';
import { StaffOrOwnCustomer } from '@vigil/platform-auth';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { ApiRefusals, ApiResponse } from '../http/api-docs.decorators';
import { callerOf } from '../http/caller';
import { UuidParam } from '../http/path-param.decorator';
import { ValidBody } from '../http/valid-body.decorator';
import { RpcClient } from '../rpc-client';

const NOT_AN_ADMIN = { 403: "A customer user who is not an admin of this customer (another customer's ids answer 404)" };

/**
 * A customer's users (issue 13), kept by identity: staff who run customer
 * relationships and support, and the customer's own admin users for their
 * customer only. A new user and a reset get a set-password token shown once
 * (redeemed at POST /v1/auth/customer/password-reset).
 */
@Controller('v1/customers/:customerId/users')
@StaffOrOwnCustomer(CUSTOMER_USER_ADMIN_ROLES)
export class CustomerUsersController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(201)
  @ApiResponse('The new user and its set-password token, shown this once', CustomerUserInvited)
  @ApiRefusals({ ...NOT_AN_ADMIN, 409: 'The email cannot be used (it belongs to a user already)' })
  invite(@Req() http: AuthenticatedRequest, @UuidParam('customerId') customerId: string, @ValidBody(CustomerUserInvitation) invitation: CustomerUserInvitation): Promise<CustomerUserInvited> {
    return this.rpc.call(IdentityQueries.inviteCustomerUser, callerOf(http), { customerId, ...invitation });
  }

  @Get()
  @ApiResponse("The customer's users, deactivated ones included, by email", CustomerUserList)
  @ApiRefusals(NOT_AN_ADMIN)
  list(@Req() http: AuthenticatedRequest, @UuidParam('customerId') customerId: string): Promise<CustomerUserList> {
    return this.rpc.call(IdentityQueries.listCustomerUsers, callerOf(http), { customerId });
  }

  @Post(':userId/deactivation')
  @HttpCode(200)
  @ApiResponse('Deactivated: every session of the user has ended, its sign-ins are refused (repeating it changes nothing)', CustomerUserStatus)
  @ApiRefusals({ 403: 'Not an admin of this customer, or your own account' })
  deactivate(@Req() http: AuthenticatedRequest, @UuidParam('customerId') customerId: string, @UuidParam('userId') userId: string): Promise<CustomerUserStatus> {
    return this.rpc.call(IdentityQueries.deactivateCustomerUser, callerOf(http), { customerId, userId });
  }

  @Post(':userId/password-reset')
  @HttpCode(201)
  @ApiResponse('The old password no longer works and every session has ended; the set-password token, shown this once', CustomerUserPasswordReset)
  @ApiRefusals(NOT_AN_ADMIN)
  resetPassword(@Req() http: AuthenticatedRequest, @UuidParam('customerId') customerId: string, @UuidParam('userId') userId: string): Promise<CustomerUserPasswordReset> {
    return this.rpc.call(IdentityQueries.resetCustomerUserPassword, callerOf(http), { customerId, userId });
  }
}
