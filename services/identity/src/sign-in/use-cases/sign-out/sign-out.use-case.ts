import { Clock } from '@vigil/platform-clock';
import { Inject, Injectable } from '@nestjs/common';
import { SessionRevoked, type SignOutRequest } from '@vigil/contracts';
import { OutboxWriter, UnitOfWork } from '@vigil/platform-runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../../../config';
import { AuditLog } from '@vigil/platform-audit';
import { SessionRepository } from '../../session.repository';

/** Ends a session: its refresh token stops working at once, and the gateway refuses its access tokens once it hears of it. */
@Injectable()
export class SignOutUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditLog,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly clock: Clock,
  ) {}

  async execute(request: SignOutRequest): Promise<Record<string, never>> {
    await this.unitOfWork.run(async (manager) => {
      const now = this.clock.nowMs();
      const account = await this.sessions.revoke(manager, request.sessionId, request.caller.id, new Date(now));
      if (!account) return;
      await this.audit.append(manager, { actor: `${account.kind}:${account.id}`, action: `${account.kind}.signed-out`, target: `session:${request.sessionId}` });
      const accessTokensExpireBy = new Date(now + this.config.ACCESS_TOKEN_TTL_SECONDS * 1000).toISOString();
      await this.outbox.append(manager, SessionRevoked, { sessionId: request.sessionId, accessTokensExpireBy });
    });
    return {};
  }
}
