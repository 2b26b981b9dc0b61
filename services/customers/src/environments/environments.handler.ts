import { Injectable } from '@nestjs/common';
import {
  CustomersQueries,
  type AddEnvironmentRequest,
  type ChangeEnvironmentRequest,
  type CustomerRequest,
  type EnvironmentList,
  type EnvironmentRequest,
  type EnvironmentView,
} from '@vigil/contracts';
import { HandlesCommand, HandlesQuery } from '@vigil/platform-runtime';
import { EnvironmentRecords } from './environment-records.service';

@Injectable()
export class EnvironmentsHandler {
  constructor(private readonly environments: EnvironmentRecords) {}

  @HandlesCommand(CustomersQueries.addEnvironment)
  add(request: AddEnvironmentRequest): Promise<EnvironmentView> {
    return this.environments.add(request);
  }

  @HandlesCommand(CustomersQueries.changeEnvironment)
  change(request: ChangeEnvironmentRequest): Promise<EnvironmentView> {
    return this.environments.change(request);
  }

  @HandlesCommand(CustomersQueries.retireEnvironment)
  retire(request: EnvironmentRequest): Promise<EnvironmentView> {
    return this.environments.retire(request);
  }

  @HandlesQuery(CustomersQueries.listEnvironments)
  list(request: CustomerRequest): Promise<EnvironmentList> {
    return this.environments.list(request.caller, request.customerId);
  }

  @HandlesQuery(CustomersQueries.getEnvironment)
  get(request: EnvironmentRequest): Promise<EnvironmentView> {
    return this.environments.get(request);
  }
}
