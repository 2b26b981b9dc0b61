import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CUSTOMERS_STREAM, CustomerChanged, EnvironmentChanged, type CustomerView, type EnvironmentView, type EventEnvelope } from '@vigil/contracts';
import { ConsumesEvents, OnEvent } from '@vigil/platform-runtime';
import { CustomerDirectoryFeed } from './customer-directory-feed';

/** The customers service's records feed ticketing's directory (queue group: one replica applies each event). */
@Injectable()
@ConsumesEvents({ durable: 'ticketing-customer-directory', stream: CUSTOMERS_STREAM })
export class CustomerDirectoryConsumer {
  constructor(private readonly feed: CustomerDirectoryFeed) {}

  @OnEvent(CustomerChanged)
  async customerChanged(event: EventEnvelope<CustomerView>, manager: EntityManager): Promise<void> {
    await this.feed.applyCustomer(manager, event.data);
  }

  @OnEvent(EnvironmentChanged)
  async environmentChanged(event: EventEnvelope<EnvironmentView>, manager: EntityManager): Promise<void> {
    await this.feed.applyEnvironment(manager, event.data);
  }
}
