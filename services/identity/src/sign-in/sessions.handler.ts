import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { ChangePasswordRequest, IdentityQueries, PublicKeyRequest, RefreshRequest, SignInRequest, SignOutRequest } from '@vigil/contracts';
import { serveRequests } from '@vigil/platform-messaging';
import { NATS_CONNECTION } from '@vigil/platform-runtime';
import { ChangePasswordUseCase } from '../passwords/use-cases/change-password/change-password.use-case';
import { SessionRepository } from './session.repository';
import { TokenIssuer } from './token-issuer';
import { RefreshSessionUseCase } from './use-cases/refresh-session/refresh-session.use-case';
import { SignInUseCase } from './use-cases/sign-in/sign-in.use-case';

/** Sign-in, refresh, sign-out and the token verification key, over NATS request/reply. */
@Injectable()
export class SessionsHandler implements OnModuleInit, OnModuleDestroy {
  private subscriptions: Subscription[] = [];

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly signIn: SignInUseCase,
    private readonly refresh: RefreshSessionUseCase,
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenIssuer,
    private readonly changePassword: ChangePasswordUseCase,
  ) {}

  onModuleInit(): void {
    this.subscriptions = [
      serveRequests(this.nc, IdentityQueries.signIn, 'identity', SignInRequest, (r) => this.signIn.execute(r)),
      serveRequests(this.nc, IdentityQueries.refresh, 'identity', RefreshRequest, (r) => this.refresh.execute(r)),
      serveRequests(this.nc, IdentityQueries.signOut, 'identity', SignOutRequest, async (r) => {
        await this.sessions.revoke(this.dataSource.manager, r.sessionId);
        return {};
      }),
      serveRequests(this.nc, IdentityQueries.changePassword, 'identity', ChangePasswordRequest, (r) => this.changePassword.execute(r)),
      serveRequests(this.nc, IdentityQueries.publicKey, 'identity', PublicKeyRequest, async () => ({ publicKeyPem: this.tokens.publicKeyPem })),
    ];
  }

  onModuleDestroy(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }
}
