import { Injectable } from '@nestjs/common';
import { TicketingDirectoryCommands, type ApplyCustomerRequest, type CustomerApplied } from '@vigil/contracts';
import { HandlesCommand, UnitOfWork } from '@vigil/platform-runtime';
import { CustomerDirectoryFeed } from './customer-directory-feed';

/** The customers service's direct request: apply a changed customer now and say what it moved. */
@Injectable()
export class CustomerDirectoryHandler {
  constructor(private readonly feed: CustomerDirectoryFeed, private readonly unitOfWork: UnitOfWork) {}

  @HandlesCommand(TicketingDirectoryCommands.applyCustomer)
  async applyCustomer(request: ApplyCustomerRequest): Promise<CustomerApplied> {
    return { ticketsRescheduled: await this.unitOfWork.run((manager) => this.feed.applyCustomer(manager, request.customer)) };
  }
}
