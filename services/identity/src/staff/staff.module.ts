import { Module } from '@nestjs/common';
import { StaffHandler } from './staff.handler';
import { StaffUserRepository } from './staff-user.repository';
import { AuthenticateStaffUseCase } from './use-cases/authenticate-staff/authenticate-staff.use-case';

@Module({ providers: [StaffUserRepository, AuthenticateStaffUseCase, StaffHandler], exports: [StaffUserRepository] })
export class StaffModule {}
