import { Injectable } from '@nestjs/common';
import {
  IdentityQueries,
  type CustomerPasswordResetRedemption,
  type CustomerUserInvited,
  type CustomerUserList,
  type CustomerUserPasswordReset,
  type CustomerUserRequest,
  type CustomerUserStatus,
  type InviteCustomerUserRequest,
  type ListCustomerUsersRequest,
} from '@vigil/contracts';
import { HandlesCommand, HandlesQuery } from '@vigil/platform-runtime';
import { CustomerUserAdministrationUseCase } from './use-cases/customer-user-administration/customer-user-administration.use-case';
import { RedeemPasswordResetUseCase } from './use-cases/redeem-password-reset/redeem-password-reset.use-case';

/** Customer-user administration and password (re)setting over NATS request/reply. */
@Injectable()
export class CustomerUsersHandler {
  constructor(
    private readonly administration: CustomerUserAdministrationUseCase,
    private readonly redemption: RedeemPasswordResetUseCase,
  ) {}

  @HandlesCommand(IdentityQueries.inviteCustomerUser)
  invite(request: InviteCustomerUserRequest): Promise<CustomerUserInvited> {
    return this.administration.invite(request);
  }

  @HandlesQuery(IdentityQueries.listCustomerUsers)
  list(request: ListCustomerUsersRequest): Promise<CustomerUserList> {
    return this.administration.list(request);
  }

  @HandlesCommand(IdentityQueries.deactivateCustomerUser)
  deactivate(request: CustomerUserRequest): Promise<CustomerUserStatus> {
    return this.administration.deactivate(request);
  }

  @HandlesCommand(IdentityQueries.resetCustomerUserPassword)
  resetPassword(request: CustomerUserRequest): Promise<CustomerUserPasswordReset> {
    return this.administration.resetPassword(request);
  }

  @HandlesCommand(IdentityQueries.redeemCustomerPasswordReset)
  redeem(request: CustomerPasswordResetRedemption): Promise<{ passwordChangedAt: string }> {
    return this.redemption.execute(request);
  }
}
