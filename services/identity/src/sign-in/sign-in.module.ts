import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module';
import { SessionRepository } from './session.repository';
import { SessionsHandler } from './sessions.handler';
import { TokenIssuer } from './token-issuer';
import { RefreshSessionUseCase } from './use-cases/refresh-session/refresh-session.use-case';
import { SignInUseCase } from './use-cases/sign-in/sign-in.use-case';

@Module({ imports: [StaffModule], providers: [SessionRepository, TokenIssuer, SignInUseCase, RefreshSessionUseCase, SessionsHandler] })
export class SignInModule {}
