import { Injectable } from '@nestjs/common';
import { TicketingQueries, type Availability, type AvailabilityRequest, type ListOutagesRequest, type OutagePage } from '@vigil/contracts';
import { HandlesQuery } from '@vigil/platform-runtime';
import { GetAvailabilityUseCase } from './use-cases/get-availability/get-availability.use-case';
import { ListOutagesUseCase } from './use-cases/list-outages/list-outages.use-case';

/** Outage reads over NATS request/reply. */
@Injectable()
export class OutagesHandler {
  constructor(private readonly listOutages: ListOutagesUseCase, private readonly availability: GetAvailabilityUseCase) {}

  @HandlesQuery(TicketingQueries.listOutages)
  list(request: ListOutagesRequest): Promise<OutagePage> {
    return this.listOutages.execute(request);
  }

  @HandlesQuery(TicketingQueries.availability)
  availabilityOf(request: AvailabilityRequest): Promise<Availability> {
    return this.availability.execute(request);
  }
}
