import { Module } from '@nestjs/common';
import { PasswordHistoryRepository } from '../passwords/password-history.repository';
import { SignInModule } from '../sign-in/sign-in.module';
import { StaffAccountsHandler } from './staff-accounts.handler';
import { StaffModule } from './staff.module';
import { AccountDeactivationUseCase } from './use-cases/account-deactivation.use-case';
import { StaffAdministrationUseCase } from './use-cases/staff-administration.use-case';

/** Administration of staff accounts: invitation, roles, deactivation and reactivation. */
@Module({ imports: [StaffModule, SignInModule], providers: [PasswordHistoryRepository, AccountDeactivationUseCase, StaffAdministrationUseCase, StaffAccountsHandler] })
export class StaffAccountsModule {}
