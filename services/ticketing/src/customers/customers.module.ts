import { Module } from '@nestjs/common';
import { CustomerDirectoryRepository } from './customer-directory.repository';

@Module({ providers: [CustomerDirectoryRepository], exports: [CustomerDirectoryRepository] })
export class CustomersModule {}
