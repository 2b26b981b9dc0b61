import { Clock } from '@vigil/platform-clock';
import { Injectable } from '@nestjs/common';
import type { SignOutRequest } from '@vigil/contracts';
import { UnitOfWork } from '@vigil/platform-runtime';
import { AuditLog } from '@vigil/platform-audit';
import { SessionRepository } from '../../session.repository';
import { SessionRevocations } from '../../session-revocations';

/** Ends a session: its refresh token stops working at once, and the gateway refuses its access tokens once it hears of it. */
@Injectable()
export class SignOutUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly sessions: SessionRepository,
    private readonly revocations: SessionRevocations,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute(request: SignOutRequest): Promise<Record<string, never>> {
    await this.unitOfWork.run(async (manager) => {
      const now = this.clock.now();
      const account = await this.sessions.revoke(manager, request.sessionId, request.caller.id, now);
      if (!account) return;
      await this.audit.append(manager, { actor: `${account.kind}:${account.id}`, action: `${account.kind}.signed-out`, target: `session:${request.sessionId}` });
      await this.revocations.announce(manager, [request.sessionId], now);
    });
    return {};
  }
}
