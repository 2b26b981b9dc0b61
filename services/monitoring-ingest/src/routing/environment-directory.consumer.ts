import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CUSTOMERS_STREAM, EnvironmentChanged, type EnvironmentView, type EventEnvelope } from '@vigil/contracts';
import { ConsumesEvents, OnEvent } from '@vigil/platform-runtime';
import { EnvironmentDirectoryRepository } from './environment-directory.repository';

/** The customers service's environments feed the routing directory (queue group: one replica applies each event). */
@Injectable()
@ConsumesEvents({ durable: 'monitoring-environment-directory', stream: CUSTOMERS_STREAM })
export class EnvironmentDirectoryConsumer {
  constructor(private readonly directory: EnvironmentDirectoryRepository) {}

  @OnEvent(EnvironmentChanged)
  environmentChanged(event: EventEnvelope<EnvironmentView>, manager: EntityManager): Promise<void> {
    return this.directory.apply(manager, event.data);
  }
}
