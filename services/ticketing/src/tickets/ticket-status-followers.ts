import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TicketStatusChangedData } from '@vigil/contracts';

/** Something that acts on a ticket's status change inside the change's transaction (e.g. the outage it belongs to). */
export interface TicketStatusFollower {
  follow(manager: EntityManager, change: TicketStatusChangedData): Promise<void>;
}

/**
 * Lets features that build on tickets (outages) follow status changes in the
 * same transaction without tickets depending on them.
 */
@Injectable()
export class TicketStatusFollowers {
  private readonly followers: TicketStatusFollower[] = [];

  add(follower: TicketStatusFollower): void {
    this.followers.push(follower);
  }

  async notify(manager: EntityManager, change: TicketStatusChangedData): Promise<void> {
    for (const follower of this.followers) await follower.follow(manager, change);
  }
}
