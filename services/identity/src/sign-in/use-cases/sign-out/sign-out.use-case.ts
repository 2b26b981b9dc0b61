import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SignOutRequest } from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { SessionRepository } from '../../session.repository';

/** Ends a session: its refresh token stops working at once. */
@Injectable()
export class SignOutUseCase {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource, private readonly sessions: SessionRepository, private readonly audit: AuditLog) {}

  async execute(request: SignOutRequest): Promise<Record<string, never>> {
    await this.dataSource.transaction(async (manager) => {
      const account = await this.sessions.revoke(manager, request.sessionId);
      if (account) await this.audit.append(manager, { actor: `${account.kind}:${account.id}`, action: `${account.kind}.signed-out`, target: `session:${request.sessionId}` });
    });
    return {};
  }
}
