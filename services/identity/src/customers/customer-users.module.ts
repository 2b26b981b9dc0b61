import { Module } from '@nestjs/common';
import { SignInModule } from '../sign-in/sign-in.module';
import { StaffModule } from '../staff/staff.module';
import { CustomerUserRepository } from './customer-user.repository';
import { CustomerUsersHandler } from './customer-users.handler';
import { CustomerUserAdministrationUseCase } from './use-cases/customer-user-administration/customer-user-administration.use-case';
import { RedeemPasswordResetUseCase } from './use-cases/redeem-password-reset/redeem-password-reset.use-case';

/** Customer users administered by staff and by their customer's admins (issue 13). */
@Module({ imports: [StaffModule, SignInModule], providers: [CustomerUserRepository, CustomerUserAdministrationUseCase, RedeemPasswordResetUseCase, CustomerUsersHandler] })
export class CustomerUsersModule {}
