import { Injectable } from '@nestjs/common';
import {
  CustomersQueries,
  type ChangeCustomerRequest,
  type CustomerChangeResult,
  type CustomerList,
  type CustomerRequest,
  type CustomerView,
  type ImportHolidaysRequest,
  type RegisterCustomerRequest,
} from '@vigil/contracts';
import { HandlesCommand, HandlesQuery } from '@vigil/platform-runtime';
import { CustomerRecords } from './customer-records.service';

@Injectable()
export class CustomersHandler {
  constructor(private readonly customers: CustomerRecords) {}

  @HandlesCommand(CustomersQueries.registerCustomer)
  register(request: RegisterCustomerRequest): Promise<CustomerView> {
    return this.customers.register(request);
  }

  @HandlesCommand(CustomersQueries.changeCustomer)
  change(request: ChangeCustomerRequest): Promise<CustomerChangeResult> {
    return this.customers.change(request);
  }

  @HandlesCommand(CustomersQueries.importHolidays)
  importHolidays(request: ImportHolidaysRequest): Promise<CustomerChangeResult> {
    return this.customers.importHolidays(request);
  }

  @HandlesQuery(CustomersQueries.getCustomer)
  get(request: CustomerRequest): Promise<CustomerView> {
    return this.customers.get(request.caller, request.customerId);
  }

  @HandlesQuery(CustomersQueries.listCustomers)
  list(): Promise<CustomerList> {
    return this.customers.list();
  }
}
