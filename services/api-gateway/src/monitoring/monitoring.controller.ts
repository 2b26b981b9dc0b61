import { Controller, Get, Query, Req } from '@nestjs/common';
import {
  AlertPage,
  Availability,
  AvailabilityRequest,
  ListAlertsRequest,
  ListOutagesRequest,
  MonitoringQueries,
  OutagePage,
  TicketingQueries,
} from '@vigil/contracts';
import { StaffOnly, StaffOrOwnCustomer } from '@vigil/platform-auth';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { ApiQuery, ApiResponse } from '../http/api-docs.decorators';
import { callerOf } from '../http/caller';
import { typedQuery, validRequest } from '../http/typed-query';
import { UuidParam } from '../http/path-param.decorator';
import { Clock } from '@vigil/platform-clock';
import { Type } from '@sinclair/typebox';
import { RpcClient } from '../rpc-client';

/** What monitoring sent and what it caused: alerts (MON-1/MON-2), outages (MON-2/MON-3), availability (MON-4). */
@Controller('v1')
export class MonitoringController {
  constructor(private readonly rpc: RpcClient, private readonly clock: Clock) {}

  @Get('alerts')
  @StaffOnly('ANY')
  @ApiQuery(ListAlertsRequest)
  @ApiResponse('Received alerts, newest first', AlertPage)
  alerts(@Req() http: AuthenticatedRequest, @Query() query: Record<string, string>): Promise<AlertPage> {
    return this.rpc.call(MonitoringQueries.listAlerts, callerOf(http), validRequest(ListAlertsRequest, typedQuery(query, ['unrouted'])));
  }

  /** Alerts that reached no environment: kept and listed so a missing routing rule is seen. */
  @Get('alerts/unrouted')
  @StaffOnly('ANY')
  @ApiQuery(ListAlertsRequest)
  @ApiResponse('Unrouted alerts, newest first', AlertPage)
  unroutedAlerts(@Req() http: AuthenticatedRequest, @Query() query: Record<string, string>): Promise<AlertPage> {
    return this.rpc.call(MonitoringQueries.listAlerts, callerOf(http), validRequest(ListAlertsRequest, { ...typedQuery(query), unrouted: true }));
  }

  @Get('outages')
  @StaffOnly('ANY')
  @ApiQuery(ListOutagesRequest)
  @ApiResponse('Outages, newest first', OutagePage)
  outages(@Req() http: AuthenticatedRequest, @Query() query: Record<string, string>): Promise<OutagePage> {
    return this.rpc.call(TicketingQueries.listOutages, callerOf(http), validRequest(ListOutagesRequest, typedQuery(query)));
  }

  /** MON-4: a customer user sees its own environments only (404 otherwise). */
  @Get('environments/:environmentId/availability')
  @StaffOrOwnCustomer('ANY')
  @ApiQuery(Type.Object({ month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: "YYYY-MM in the customer's time zone; the current month if left out" })) }))
  @ApiResponse("The month's availability against the contracted uptime", Availability)
  availability(@Req() http: AuthenticatedRequest, @UuidParam('environmentId') environmentId: string, @Query('month') month?: string): Promise<Availability> {
    // Ticketing answers a customer user for its own environments only (404 otherwise).
    const request = { environmentId: environmentId, month: month ?? this.clock.isoNow().slice(0, 7) };
    return this.rpc.call(TicketingQueries.availability, callerOf(http), validRequest(AvailabilityRequest, request));
  }
}
