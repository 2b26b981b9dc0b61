import { Injectable } from '@nestjs/common';
import {
  IdentityQueries,
  type ChangePasswordRequest,
  type CustomerSignInCommand,
  type JsonWebKeySet,
  type RefreshRequest,
  type SessionTokens,
  type SignInCommand,
  type SignOutRequest,
} from '@vigil/contracts';
import { HandlesCommand, HandlesQuery } from '@vigil/platform-runtime';
import { ChangePasswordUseCase } from '../passwords/use-cases/change-password/change-password.use-case';
import { TokenIssuer } from './token-issuer';
import { CustomerSignInUseCase } from '../customers/use-cases/customer-sign-in/customer-sign-in.use-case';
import { SignOutUseCase } from './use-cases/sign-out/sign-out.use-case';
import { RefreshSessionUseCase } from './use-cases/refresh-session/refresh-session.use-case';
import { SignInUseCase } from './use-cases/sign-in/sign-in.use-case';

/** Sign-in, refresh, sign-out and the token verification keys (JWKS), over NATS request/reply. */
@Injectable()
export class SessionsHandler {
  constructor(
    private readonly signIn: SignInUseCase,
    private readonly refresh: RefreshSessionUseCase,
    private readonly tokens: TokenIssuer,
    private readonly changePassword: ChangePasswordUseCase,
    private readonly signOut: SignOutUseCase,
    private readonly customerSignIn: CustomerSignInUseCase,
  ) {}

  @HandlesCommand(IdentityQueries.signIn)
  staffSignIn(request: SignInCommand): Promise<SessionTokens> {
    return this.signIn.execute(request);
  }

  @HandlesCommand(IdentityQueries.customerSignIn)
  customerUserSignIn(request: CustomerSignInCommand): Promise<SessionTokens> {
    return this.customerSignIn.execute(request);
  }

  @HandlesCommand(IdentityQueries.refresh)
  refreshSession(request: RefreshRequest): Promise<SessionTokens> {
    return this.refresh.execute(request);
  }

  @HandlesCommand(IdentityQueries.signOut)
  endSession(request: SignOutRequest): Promise<Record<string, never>> {
    return this.signOut.execute(request);
  }

  /** Staff change their own password only: whose it is comes from the caller, never from the request. */
  @HandlesCommand(IdentityQueries.changePassword)
  changeOwnPassword(request: ChangePasswordRequest): Promise<{ passwordChangedAt: string }> {
    return this.changePassword.execute(request);
  }

  @HandlesQuery(IdentityQueries.publicKeys)
  publicKeys(): Promise<JsonWebKeySet> {
    return this.tokens.publicKeys();
  }
}
