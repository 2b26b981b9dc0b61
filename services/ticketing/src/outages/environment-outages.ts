import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CustomerDirectoryRepository, type RoutedEnvironment } from '../customers/customer-directory.repository';
import { OutageRepository, type OpenOutage } from './outage.repository';

export interface LockedEnvironment {
  environment: RoutedEnvironment;
  /** The environment's open outage, if any, read under the lock. */
  openOutage: OpenOutage | null;
}

/**
 * Where every alert decision (MON-2) starts: the environment an alert's key
 * names, locked for the rest of the transaction so concurrent alerts of that
 * environment are decided one after another, and its open outage.
 */
@Injectable()
export class EnvironmentOutages {
  constructor(private readonly directory: CustomerDirectoryRepository, private readonly outages: OutageRepository) {}

  /** null when the key names no environment. */
  async lock(manager: EntityManager, environmentKey: string | null): Promise<LockedEnvironment | null> {
    const environment = environmentKey ? await this.directory.findEnvironmentByKey(manager, environmentKey) : null;
    if (!environment) return null;
    await this.outages.lockEnvironment(manager, environment.environmentId);
    return { environment, openOutage: await this.outages.findOpen(manager, environment.environmentId) };
  }
}
