import { Injectable } from '@nestjs/common';
import { IdentityQueries, type StaffAccountRequest, type StaffAccountStatus } from '@vigil/contracts';
import { HandlesCommand } from '@vigil/platform-runtime';
import { AccountDeactivationUseCase } from './use-cases/account-deactivation.use-case';

/** Staff account administration over NATS request/reply. */
@Injectable()
export class StaffAccountsHandler {
  constructor(private readonly deactivation: AccountDeactivationUseCase) {}

  @HandlesCommand(IdentityQueries.deactivateStaff)
  deactivate(request: StaffAccountRequest): Promise<StaffAccountStatus> {
    return this.deactivation.deactivate(request);
  }

  @HandlesCommand(IdentityQueries.reactivateStaff)
  reactivate(request: StaffAccountRequest): Promise<StaffAccountStatus> {
    return this.deactivation.reactivate(request);
  }
}
