import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { systemCaller, TicketingDirectoryCommands, type CustomerView } from '@vigil/contracts';
import { Clock } from '@vigil/platform-clock';
import { requestReply } from '@vigil/platform-messaging';
import { NATS_CONNECTION } from '@vigil/platform-runtime';
import { CUSTOMERS_CONFIG, type CustomersConfig } from '../config';

/**
 * Asks ticketing to apply a changed customer now, so the answer to the change
 * can say how many open tickets' due times moved (TKT-2). The change is
 * committed before this runs and also travels as an event, so a ticketing
 * that cannot be reached only costs the count (null), never the change.
 */
@Injectable()
export class TicketClocksClient {
  private readonly log = new Logger(TicketClocksClient.name);

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(CUSTOMERS_CONFIG) private readonly config: CustomersConfig,
    private readonly clock: Clock,
  ) {}

  async rederive(customer: CustomerView): Promise<number | null> {
    try {
      const applied = await requestReply(this.nc, TicketingDirectoryCommands.applyCustomer, { customer, caller: systemCaller('customers') }, {
        timeoutMs: this.config.CUSTOMERS_TICKETING_TIMEOUT_MS,
        clock: this.clock,
      });
      return applied.ticketsRescheduled;
    } catch (error) {
      this.log.warn(`ticketing did not apply customer ${customer.id} r${customer.revision} now (${(error as Error).message}); it will from the event`);
      return null;
    }
  }
}
