import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { StaffUserRepository } from './staff-user.repository';

@Module({ providers: [StaffUserRepository, PasswordHasher], exports: [StaffUserRepository, PasswordHasher] })
export class StaffModule {}
