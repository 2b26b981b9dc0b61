import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  actorOf,
  CustomerChanged,
  CustomersError,
  tenantOf,
  type Caller,
  type ChangeCustomerRequest,
  type CustomerChangeResult,
  type CustomerList,
  type CustomerView,
  type NewCustomer,
  type ImportHolidaysRequest,
  type RegisterCustomerRequest,
} from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { isUniqueViolation } from '@vigil/platform-persistence';
import { OutboxWriter, TransactionClock, UnitOfWork } from '@vigil/platform-runtime';
import { CustomersException } from '../customers.exception';
import { customerViolations } from '../domain/customer-rules';
import { holidaysFromICalendar } from '../domain/icalendar-holidays';
import { CustomerRepository } from './customer.repository';
import { TicketClocksClient } from './ticket-clocks.client';

const recordOf = (view: CustomerView): NewCustomer => ({ name: view.name, coverage: view.coverage, calendar: view.calendar, contacts: view.contacts, contract: view.contract });

function refuseViolations(problems: string[]): void {
  if (problems.length > 0) throw new CustomersException(CustomersError.Unprocessable, problems.join('; '), { violations: problems });
}

/**
 * Registering, changing and reading customers. Every change is validated in
 * full, stored, audited and published (CustomerChanged, the whole record) in
 * one transaction; a customer caller reads its own customer only (ACC-6).
 */
@Injectable()
export class CustomerRecords {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly customers: CustomerRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditLog,
    private readonly time: TransactionClock,
    private readonly ticketClocks: TicketClocksClient,
  ) {}

  async register(request: RegisterCustomerRequest): Promise<CustomerView> {
    refuseViolations(customerViolations(request.customer));
    let customer: CustomerView;
    try {
      customer = await this.unitOfWork.run(async (manager) => {
        if (!(await this.customers.insert(manager, request.customerId, request.customer, this.time.now(manager)))) {
          return this.repeatedRegistration(manager, request);
        }
        const view = await this.mustFind(manager, request.customerId);
        await this.outbox.append(manager, CustomerChanged, view);
        await this.audit.append(manager, { actor: actorOf(request.caller), action: 'customer.registered', target: `customer:${view.id}`, after: recordOf(view) });
        return view;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'customers_name_uq')) throw new CustomersException(CustomersError.Conflict, `a customer named "${request.customer.name}" exists already`);
      throw error;
    }
    // Ticketing knows the customer at once (a ticket may follow within the second); the event is the fallback.
    await this.ticketClocks.rederive(customer);
    return customer;
  }

  async change(request: ChangeCustomerRequest): Promise<CustomerChangeResult> {
    let customer: CustomerView;
    try {
      customer = await this.unitOfWork.run(async (manager) => {
        const current = await this.find(manager, request.caller, request.customerId);
        const changed = { ...recordOf(current), ...request.change };
        refuseViolations(customerViolations(changed, await this.customers.environmentIds(manager, request.customerId)));
        if (!(await this.customers.update(manager, request.customerId, request.expectedRevision, request.change, this.time.now(manager)))) {
          throw new CustomersException(CustomersError.Conflict, `customer ${request.customerId} is at revision ${current.revision}, not ${request.expectedRevision}: read it again and repeat the change`, {
            revision: current.revision,
          });
        }
        const view = await this.mustFind(manager, request.customerId);
        await this.outbox.append(manager, CustomerChanged, view);
        const before = Object.fromEntries(Object.keys(request.change).map((field) => [field, recordOf(current)[field as keyof NewCustomer]]));
        await this.audit.append(manager, { actor: actorOf(request.caller), action: 'customer.changed', target: `customer:${view.id}`, before, after: request.change });
        return view;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'customers_name_uq')) throw new CustomersException(CustomersError.Conflict, `a customer named "${request.change.name}" exists already`);
      throw error;
    }
    return { customer, ticketsRescheduled: await this.ticketClocks.rederive(customer) };
  }

  /** Holidays from an iCalendar file over the contract's term, as a calendar change (so open tickets' clocks follow). */
  async importHolidays(request: ImportHolidaysRequest): Promise<CustomerChangeResult> {
    const current = await this.get(request.caller, request.customerId);
    const imported = holidaysFromICalendar(request.icalendar, { from: current.contract.startsOn, to: current.contract.endsOn });
    refuseViolations(imported.problems.map((problem) => `icalendar: ${problem}`));
    const holidays = [...new Set([...(request.replace ? [] : current.calendar.holidays), ...imported.dates])].sort();
    return this.change({ caller: request.caller, customerId: request.customerId, expectedRevision: request.expectedRevision, change: { calendar: { ...current.calendar, holidays } } });
  }

  async get(caller: Caller, customerId: string): Promise<CustomerView> {
    return this.find(this.dataSource.manager, caller, customerId);
  }

  // unscoped: staff only (the contract admits no customer caller); every customer, by name
  async list(): Promise<CustomerList> {
    return { items: await this.customers.listAll(this.dataSource.manager) };
  }

  /** Another customer's record is simply not there for a customer caller (ACC-6). */
  async find(manager: EntityManager, caller: Caller, customerId: string): Promise<CustomerView> {
    const tenant = tenantOf(caller);
    const customer = tenant === undefined || tenant === customerId ? await this.customers.findById(manager, customerId) : null;
    if (!customer) throw new CustomersException(CustomersError.NotFound, `customer ${customerId} not found`);
    return customer;
  }

  private async mustFind(manager: EntityManager, customerId: string): Promise<CustomerView> {
    const view = await this.customers.findById(manager, customerId);
    if (!view) throw new Error(`customer ${customerId} vanished inside its own transaction`);
    return view;
  }

  /** A retried registration finds what it created; another customer under the same id is a conflict. */
  private async repeatedRegistration(manager: EntityManager, request: RegisterCustomerRequest): Promise<CustomerView> {
    const existing = await this.mustFind(manager, request.customerId);
    if (existing.name !== request.customer.name) throw new CustomersException(CustomersError.Conflict, `customer id ${request.customerId} is taken`);
    return existing;
  }
}
