import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SessionRevoked } from '@vigil/contracts';
import { OutboxWriter } from '@vigil/platform-runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';

/** Tells every gateway that these sessions ended, so their unexpired access tokens are refused from now on. */
@Injectable()
export class SessionRevocations {
  constructor(private readonly outbox: OutboxWriter, @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig) {}

  async announce(manager: EntityManager, sessionIds: string[], at: Date): Promise<void> {
    const accessTokensExpireBy = new Date(at.getTime() + this.config.ACCESS_TOKEN_TTL_SECONDS * 1000).toISOString();
    for (const sessionId of sessionIds) await this.outbox.append(manager, SessionRevoked, { sessionId, accessTokensExpireBy });
  }
}
