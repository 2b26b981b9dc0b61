import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { ChangePasswordRequest, CustomerSignInRequest, IdentityQueries, PublicKeyRequest, RefreshRequest, SignInRequest, SignOutRequest } from '@vigil/contracts';
import { serveRequests } from '@vigil/platform-messaging';
import { NATS_CONNECTION } from '@vigil/platform-runtime';
import { ChangePasswordUseCase } from '../passwords/use-cases/change-password/change-password.use-case';
import { TokenIssuer } from './token-issuer';
import { CustomerSignInUseCase } from '../customers/use-cases/customer-sign-in/customer-sign-in.use-case';
import { SignOutUseCase } from './use-cases/sign-out/sign-out.use-case';
import { RefreshSessionUseCase } from './use-cases/refresh-session/refresh-session.use-case';
import { SignInUseCase } from './use-cases/sign-in/sign-in.use-case';

/** Sign-in, refresh, sign-out and the token verification key, over NATS request/reply. */
@Injectable()
export class SessionsHandler implements OnModuleInit, OnModuleDestroy {
  private subscriptions: Subscription[] = [];

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly signIn: SignInUseCase,
    private readonly refresh: RefreshSessionUseCase,
    private readonly tokens: TokenIssuer,
    private readonly changePassword: ChangePasswordUseCase,
    private readonly signOut: SignOutUseCase,
    private readonly customerSignIn: CustomerSignInUseCase,
  ) {}

  onModuleInit(): void {
    this.subscriptions = [
      serveRequests(this.nc, IdentityQueries.signIn, 'identity', SignInRequest, (r) => this.signIn.execute(r)),
      serveRequests(this.nc, IdentityQueries.customerSignIn, 'identity', CustomerSignInRequest, (r) => this.customerSignIn.execute(r)),
      serveRequests(this.nc, IdentityQueries.refresh, 'identity', RefreshRequest, (r) => this.refresh.execute(r)),
      serveRequests(this.nc, IdentityQueries.signOut, 'identity', SignOutRequest, (r) => this.signOut.execute(r)),
      serveRequests(this.nc, IdentityQueries.changePassword, 'identity', ChangePasswordRequest, (r) => this.changePassword.execute(r)),
      serveRequests(this.nc, IdentityQueries.publicKey, 'identity', PublicKeyRequest, async () => ({ publicKeyPem: this.tokens.publicKeyPem })),
    ];
  }

  onModuleDestroy(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }
}
