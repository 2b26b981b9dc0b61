import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module';
import { PasswordHistoryRepository } from '../passwords/password-history.repository';
import { ChangePasswordUseCase } from '../passwords/use-cases/change-password/change-password.use-case';
import { SessionRepository } from './session.repository';
import { SessionRevocations } from './session-revocations';
import { CustomerUserRepository } from '../customers/customer-user.repository';
import { CustomerSignInUseCase } from '../customers/use-cases/customer-sign-in/customer-sign-in.use-case';
import { SessionsHandler } from './sessions.handler';
import { TokenIssuer } from './token-issuer';
import { RefreshSessionUseCase } from './use-cases/refresh-session/refresh-session.use-case';
import { SignOutUseCase } from './use-cases/sign-out/sign-out.use-case';
import { SignInUseCase } from './use-cases/sign-in/sign-in.use-case';
import { SignInAttempts } from './sign-in-attempts';
import { SignInFailureRepository } from './sign-in-failure.repository';

@Module({ imports: [StaffModule], providers: [SignInFailureRepository, SignInAttempts, CustomerUserRepository, CustomerSignInUseCase, PasswordHistoryRepository, ChangePasswordUseCase, SessionRepository, SessionRevocations, TokenIssuer, SignInUseCase, SignOutUseCase, RefreshSessionUseCase, SessionsHandler], exports: [SessionRepository, SessionRevocations] })
export class SignInModule {}
