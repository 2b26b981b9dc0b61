import { Module } from '@nestjs/common';
import { SignInModule } from '../sign-in/sign-in.module';
import { StaffAccountsHandler } from './staff-accounts.handler';
import { StaffModule } from './staff.module';
import { AccountDeactivationUseCase } from './use-cases/account-deactivation.use-case';

/** Administration of staff accounts; today deactivation and reactivation only. */
@Module({ imports: [StaffModule, SignInModule], providers: [AccountDeactivationUseCase, StaffAccountsHandler] })
export class StaffAccountsModule {}
