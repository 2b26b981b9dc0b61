import { Controller, Get, HttpCode, Patch, Post, Req } from '@nestjs/common';
import { Type, type Static } from '@sinclair/typebox';
import { randomUUID } from 'node:crypto';
import {
  CUSTOMER_ADMIN_ROLES,
  CustomerChange,
  CustomerChangeResult,
  CustomerList,
  CustomersQueries,
  CustomerView,
  EnvironmentChange,
  EnvironmentList,
  EnvironmentView,
  ImportHolidaysRequest,
  NewCustomer,
  NewEnvironment,
} from '@vigil/contracts';
import { StaffOnly, StaffOrOwnCustomer } from '@vigil/platform-auth';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { ApiRefusals, ApiResponse } from '../http/api-docs.decorators';
import { callerOf } from '../http/caller';
import { UuidParam } from '../http/path-param.decorator';
import { ValidBody } from '../http/valid-body.decorator';
import { RpcClient } from '../rpc-client';

const ExpectedRevision = Type.Integer({ minimum: 1, description: 'The revision you read; if someone changed the record since, the answer is 409 and nothing changes' });
const CustomerChangeBody = Type.Object(
  { expectedRevision: ExpectedRevision, ...CustomerChange.properties },
  { additionalProperties: false, minProperties: 2, examples: [{ expectedRevision: 1, coverage: '24x7' }, { expectedRevision: 2, calendar: { timeZone: 'Europe/Berlin', weeklyHours: { '1': [{ start: '06:00', end: '18:00' }] }, holidays: [] } }] },
);
const EnvironmentChangeBody = Type.Object(
  { expectedRevision: ExpectedRevision, ...EnvironmentChange.properties },
  { additionalProperties: false, minProperties: 2, examples: [{ expectedRevision: 1, version: '10.3.5', size: 'm6i.2xlarge' }] },
);

const { customerId: _customerId, ...holidayImportFields } = ImportHolidaysRequest.properties;
const HolidayImportBody = Type.Object(holidayImportFields, {
  additionalProperties: false,
  examples: [{ expectedRevision: 3, icalendar: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20271225\r\nDTEND;VALUE=DATE:20271227\r\nSUMMARY:Weihnachten\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' }],
});

const split = <T extends { expectedRevision: number }>({ expectedRevision, ...change }: T) => ({ expectedRevision, change });

/**
 * Customers, their contracts and their environments (issue 13), owned by the
 * customers service. Administered by the head of managed services, the cloud
 * offerings manager, CTO and CEO; read by every staff member; a customer user
 * reads its own customer only (another customer's answers 404).
 */
@Controller('v1/customers')
@StaffOrOwnCustomer('ANY')
export class CustomersController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(201)
  @StaffOnly(CUSTOMER_ADMIN_ROLES)
  @ApiResponse('The registered customer, revision 1', CustomerView)
  @ApiRefusals({ 409: 'A customer of that name exists', 422: 'Against the rules: an unknown region, DR region = primary, a bad calendar (every violation named)' })
  register(@Req() http: AuthenticatedRequest, @ValidBody(NewCustomer) customer: NewCustomer): Promise<CustomerView> {
    return this.rpc.call(CustomersQueries.registerCustomer, callerOf(http), { customerId: randomUUID(), customer });
  }

  @Get()
  @StaffOnly('ANY')
  @ApiResponse('Every customer, by name', CustomerList)
  list(@Req() http: AuthenticatedRequest): Promise<CustomerList> {
    return this.rpc.call(CustomersQueries.listCustomers, callerOf(http), {});
  }

  @Get(':customerId')
  @ApiResponse('The customer with contacts, calendar and contract', CustomerView)
  get(@Req() http: AuthenticatedRequest, @UuidParam('customerId') customerId: string): Promise<CustomerView> {
    return this.rpc.call(CustomersQueries.getCustomer, callerOf(http), { customerId });
  }

  /** A new calendar, coverage or SLA targets re-derive open tickets' response clocks (TKT-2); the answer says how many moved. */
  @Patch(':customerId')
  @StaffOnly(CUSTOMER_ADMIN_ROLES)
  @ApiResponse('The changed customer, and how many open tickets got a new response due time', CustomerChangeResult)
  @ApiRefusals({ 409: 'The customer changed since expectedRevision, or the new name is taken', 422: 'Against the rules (every violation named)' })
  change(@Req() http: AuthenticatedRequest, @UuidParam('customerId') customerId: string, @ValidBody(CustomerChangeBody) body: Static<typeof CustomerChangeBody>): Promise<CustomerChangeResult> {
    return this.rpc.call(CustomersQueries.changeCustomer, callerOf(http), { customerId, ...split(body) });
  }

  /** The holidays of a public-holiday calendar (iCalendar text), over the contract's term; a calendar change like any other. */
  @Post(':customerId/holidays/import')
  @HttpCode(200)
  @StaffOnly(CUSTOMER_ADMIN_ROLES)
  @ApiResponse('The customer with the holidays, and how many open tickets got a new response due time', CustomerChangeResult)
  @ApiRefusals({ 409: 'The customer changed since expectedRevision', 422: 'An event that is not a whole-day holiday, or not iCalendar at all (each named)' })
  importHolidays(@Req() http: AuthenticatedRequest, @UuidParam('customerId') customerId: string, @ValidBody(HolidayImportBody) body: Static<typeof HolidayImportBody>): Promise<CustomerChangeResult> {
    return this.rpc.call(CustomersQueries.importHolidays, callerOf(http), { customerId, ...body });
  }

  @Get(':customerId/environments')
  @ApiResponse("The customer's environments, retired ones included", EnvironmentList)
  environments(@Req() http: AuthenticatedRequest, @UuidParam('customerId') customerId: string): Promise<EnvironmentList> {
    return this.rpc.call(CustomersQueries.listEnvironments, callerOf(http), { customerId });
  }

  @Post(':customerId/environments')
  @HttpCode(201)
  @StaffOnly(CUSTOMER_ADMIN_ROLES)
  @ApiResponse('The new environment; alerts with its key route to it', EnvironmentView)
  @ApiRefusals({ 409: 'The key is taken (keys are never reused)', 422: 'The region is not one the provider has' })
  addEnvironment(@Req() http: AuthenticatedRequest, @UuidParam('customerId') customerId: string, @ValidBody(NewEnvironment) environment: NewEnvironment): Promise<EnvironmentView> {
    return this.rpc.call(CustomersQueries.addEnvironment, callerOf(http), { customerId, environmentId: randomUUID(), environment });
  }

  @Get(':customerId/environments/:environmentId')
  @ApiResponse('The environment', EnvironmentView)
  environment(@Req() http: AuthenticatedRequest, @UuidParam('customerId') customerId: string, @UuidParam('environmentId') environmentId: string): Promise<EnvironmentView> {
    return this.rpc.call(CustomersQueries.getEnvironment, callerOf(http), { customerId, environmentId });
  }

  @Patch(':customerId/environments/:environmentId')
  @StaffOnly(CUSTOMER_ADMIN_ROLES)
  @ApiResponse('The changed environment', EnvironmentView)
  @ApiRefusals({ 409: 'The environment changed since expectedRevision, or it is retired' })
  changeEnvironment(
    @Req() http: AuthenticatedRequest,
    @UuidParam('customerId') customerId: string,
    @UuidParam('environmentId') environmentId: string,
    @ValidBody(EnvironmentChangeBody) body: Static<typeof EnvironmentChangeBody>,
  ): Promise<EnvironmentView> {
    return this.rpc.call(CustomersQueries.changeEnvironment, callerOf(http), { customerId, environmentId, ...split(body) });
  }

  /** Environments are retired, never deleted: the id and key stay taken, its alerts route nowhere. */
  @Post(':customerId/environments/:environmentId/retirement')
  @HttpCode(200)
  @StaffOnly(CUSTOMER_ADMIN_ROLES)
  @ApiResponse('The retired environment (repeating it changes nothing)', EnvironmentView)
  retireEnvironment(@Req() http: AuthenticatedRequest, @UuidParam('customerId') customerId: string, @UuidParam('environmentId') environmentId: string): Promise<EnvironmentView> {
    return this.rpc.call(CustomersQueries.retireEnvironment, callerOf(http), { customerId, environmentId });
  }
}
