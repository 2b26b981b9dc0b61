import { Injectable } from '@nestjs/common';
import {
  IdentityQueries,
  type Caller,
  type ChangeStaffRolesRequest,
  type InviteStaffRequest,
  type StaffAccountRequest,
  type StaffAccountStatus,
  type StaffEnrolment,
  type StaffList,
  type StaffRolesChanged,
} from '@vigil/contracts';
import { HandlesCommand, HandlesQuery } from '@vigil/platform-runtime';
import { AccountDeactivationUseCase } from './use-cases/account-deactivation.use-case';
import { StaffAdministrationUseCase } from './use-cases/staff-administration.use-case';

/** Staff account administration over NATS request/reply. */
@Injectable()
export class StaffAccountsHandler {
  constructor(
    private readonly deactivation: AccountDeactivationUseCase,
    private readonly administration: StaffAdministrationUseCase,
  ) {}

  @HandlesCommand(IdentityQueries.deactivateStaff)
  deactivate(request: StaffAccountRequest): Promise<StaffAccountStatus> {
    return this.deactivation.deactivate(request);
  }

  @HandlesCommand(IdentityQueries.reactivateStaff)
  reactivate(request: StaffAccountRequest): Promise<StaffAccountStatus> {
    return this.deactivation.reactivate(request);
  }

  @HandlesCommand(IdentityQueries.inviteStaff)
  invite(request: InviteStaffRequest): Promise<StaffEnrolment> {
    return this.administration.invite(request);
  }

  @HandlesQuery(IdentityQueries.listStaff)
  list(request: { caller: Caller }): Promise<StaffList> {
    return this.administration.list(request);
  }

  @HandlesCommand(IdentityQueries.changeStaffRoles)
  changeRoles(request: ChangeStaffRolesRequest): Promise<StaffRolesChanged> {
    return this.administration.changeRoles(request);
  }
}
