import { Module } from '@nestjs/common';
import { StaffUserRepository } from './staff-user.repository';

@Module({ providers: [StaffUserRepository], exports: [StaffUserRepository] })
export class StaffModule {}
